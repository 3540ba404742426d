using System.Collections.Immutable;
using PacketCapture.Actors.Model;
using PacketCapture.Host.Cli;

namespace PacketCapture.Host.Api;

/// <summary>
/// Reads the token file (docs/API.md): <c>users</c>, each with a <c>name</c>, a <c>token</c> and
/// <c>rules</c> of namespaces × resources × verbs. Any mistake refuses the whole file with one line
/// naming the file and the entry, so a server never starts with half of its users.
/// </summary>
public static class TokenFile
{
    private static readonly string[] TopFields = ["users"];
    private static readonly string[] UserFields = ["name", "token", "rules"];
    private static readonly string[] RuleFields = ["namespaces", "resources", "verbs"];

    /// <summary>A user of the file and its token.</summary>
    public sealed record Entry(ApiUser User, string Token);

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="UserInputException">The file is missing, unreadable or wrong; the message names the file and the entry.</exception>
    public static IReadOnlyList<Entry> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > InputLimits.MaxInputBytes)
            {
                throw Problem(path, "", $"is larger than {InputLimits.MaxInputBytes / 1024} KiB");
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Problem(path, "", $"cannot be read: {e.Message}");
        }

        return Parse(text, path);
    }

    /// <summary>Reads token-file text; <paramref name="origin"/> names it in errors.</summary>
    /// <exception cref="UserInputException">The text is wrong; the message names the origin and the entry.</exception>
    public static IReadOnlyList<Entry> Parse(string text, string origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        IReadOnlyList<DocumentNode> documents;
        try
        {
            documents = DocumentLoader.Load(text);
        }
        catch (DocumentFormatException e)
        {
            throw Problem(origin, "", e.Message);
        }

        if (documents.Count != 1 || documents[0] is not MapNode top)
        {
            throw Problem(origin, "", "must be one YAML document: a map with \"users\"");
        }

        CheckFields(origin, top, "", TopFields);
        if (Field(top, "users") is not ListNode users)
        {
            throw Problem(origin, "users", "is required: a list of users (name, token, rules)");
        }

        var entries = new List<Entry>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < users.Items.Count; i++)
        {
            var at = $"users[{i}]";
            if (users.Items[i] is not MapNode user)
            {
                throw Problem(origin, at, "must be a map (name, token, rules)");
            }

            CheckFields(origin, user, at, UserFields);
            var name = RequiredString(origin, user, at, "name");
            at = $"{at} ({name})";
            if (name == ApiUser.AdminName)
            {
                throw Problem(origin, at, $"the name \"{ApiUser.AdminName}\" is reserved for the generated admin token");
            }

            if (!names.TryAdd(name, at))
            {
                throw Problem(origin, at, $"repeats the name of {names[name]}");
            }

            var token = RequiredString(origin, user, at, "token");
            if (token.Any(char.IsWhiteSpace))
            {
                throw Problem(origin, $"{at}.token", "must not contain spaces or line breaks");
            }

            if (!tokens.TryAdd(token, at))
            {
                throw Problem(origin, $"{at}.token", $"is the same as the token of {tokens[token]}; every token must be unique");
            }

            var rules = ImmutableArray.CreateBuilder<AccessRule>();
            switch (Field(user, "rules"))
            {
                case null:
                    break;
                case ListNode list:
                    for (var r = 0; r < list.Items.Count; r++)
                    {
                        rules.Add(Rule(origin, list.Items[r], $"{at}.rules[{r}]"));
                    }

                    break;
                default:
                    throw Problem(origin, $"{at}.rules", "must be a list of rules (namespaces, resources, verbs)");
            }

            entries.Add(new Entry(new ApiUser(name, rules.ToImmutable()), token));
        }

        return entries;
    }

    private static AccessRule Rule(string origin, DocumentNode node, string at)
    {
        if (node is not MapNode rule)
        {
            throw Problem(origin, at, "must be a map (namespaces, resources, verbs)");
        }

        CheckFields(origin, rule, at, RuleFields);
        var namespaces = Strings(origin, rule, at, "namespaces");
        foreach (var ns in namespaces)
        {
            if (ns != AccessRule.Any && PacketCaptureValidator.NamespaceProblem(ns) is { } problem)
            {
                throw Problem(origin, $"{at}.namespaces", problem);
            }
        }

        var resources = Strings(origin, rule, at, "resources");
        foreach (var resource in resources)
        {
            if (resource != AccessRule.Any && !ApiResources.All.Contains(resource))
            {
                throw Problem(origin, $"{at}.resources",
                    $"unknown resource \"{resource}\"; use {string.Join(", ", ApiResources.All)} or \"*\"");
            }
        }

        var verbs = Strings(origin, rule, at, "verbs");
        foreach (var verb in verbs)
        {
            if (verb != AccessRule.Any && !ApiVerbs.All.Contains(verb))
            {
                throw Problem(origin, $"{at}.verbs", $"unknown verb \"{verb}\"; use {string.Join(", ", ApiVerbs.All)} or \"*\"");
            }
        }

        return new AccessRule(namespaces, resources, verbs);
    }

    private static ImmutableArray<string> Strings(string origin, MapNode map, string at, string field)
    {
        if (Field(map, field) is not ListNode list || list.Items.Count == 0)
        {
            throw Problem(origin, $"{at}.{field}", "is required: a non-empty list of strings");
        }

        var values = ImmutableArray.CreateBuilder<string>(list.Items.Count);
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is not ScalarNode { Kind: ScalarKind.String } scalar || scalar.Text.Length == 0)
            {
                throw Problem(origin, $"{at}.{field}[{i}]", $"must be a non-empty string, got {list.Items[i].Describe()}");
            }

            values.Add(scalar.Text);
        }

        return values.ToImmutable();
    }

    private static string RequiredString(string origin, MapNode map, string at, string field) =>
        Field(map, field) is ScalarNode { Kind: ScalarKind.String, Text.Length: > 0 } scalar
            ? scalar.Text
            : throw Problem(origin, $"{at}.{field}", "is required: a non-empty string");

    private static void CheckFields(string origin, MapNode map, string at, string[] allowed)
    {
        foreach (var (key, _) in map.Entries)
        {
            if (Array.IndexOf(allowed, key) < 0)
            {
                throw Problem(origin, at.Length == 0 ? key : $"{at}.{key}", $"unknown field; allowed: {string.Join(", ", allowed)}");
            }
        }
    }

    private static DocumentNode? Field(MapNode map, string name)
    {
        foreach (var (key, value) in map.Entries)
        {
            if (key == name)
            {
                return value is ScalarNode { Kind: ScalarKind.Null } ? null : value;
            }
        }

        return null;
    }

    private static UserInputException Problem(string origin, string at, string message) =>
        new(at.Length == 0 ? $"token file {origin}: {message}" : $"token file {origin}: {at}: {message}");
}
