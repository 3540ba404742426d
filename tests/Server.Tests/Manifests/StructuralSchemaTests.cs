using System.Text.Json.Nodes;

namespace PacketCapture.Server.Tests.Manifests;

/// <summary>The validator the CRD tests rely on: each keyword it claims is enforced, and one it does not know is reported.</summary>
public sealed class StructuralSchemaTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        // keyword, schema (JSON), value that breaks it
        { "type", """{"type": "integer"}""", "\"1\"" },
        { "properties", """{"type": "object", "properties": {"a": {"type": "string"}}}""", """{"a": 1}""" },
        { "required", """{"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}""", "{}" },
        { "items", """{"type": "array", "items": {"type": "string"}}""", "[1]" },
        { "additionalProperties", """{"type": "object", "additionalProperties": {"type": "string"}}""", """{"a": 1}""" },
        { "enum", """{"type": "string", "enum": ["a", "b"]}""", "\"c\"" },
        { "pattern", """{"type": "string", "pattern": "^a+$"}""", "\"ab\"" },
        { "format", """{"type": "string", "format": "date-time"}""", "\"2021-08-26 12:00\"" },
        { "minimum", """{"type": "integer", "minimum": 1}""", "0" },
        { "maximum", """{"type": "integer", "maximum": 1}""", "2" },
        { "minItems", """{"type": "array", "minItems": 1, "items": {"type": "string"}}""", "[]" },
        { "maxItems", """{"type": "array", "maxItems": 1, "items": {"type": "string"}}""", """["a", "b"]""" },
        { "minLength", """{"type": "string", "minLength": 2}""", "\"é\"" },
        { "maxLength", """{"type": "string", "maxLength": 1}""", "\"ab\"" },
        { "x-kubernetes-int-or-string", """{"x-kubernetes-int-or-string": true}""", "true" },
        { "x-kubernetes-preserve-unknown-fields", """{"type": "object", "properties": {}}""", """{"a": 1}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_enforced_keyword_refuses_a_value_that_breaks_it(string keyword, string schema, string value)
    {
        var validator = StructuralSchema.Load(JsonNode.Parse(schema)!.AsObject());

        Assert.Single(validator.Validate(JsonNode.Parse(value)));
        Assert.Contains(keyword, StructuralSchema.EnforcedKeywords);
    }

    [Fact]
    public void Every_enforced_keyword_has_a_case()
    {
        Assert.Equal(StructuralSchema.EnforcedKeywords.Order(), Cases.Select(c => (string)c[0]).Order());
    }

    [Fact]
    public void Preserve_unknown_fields_and_additional_properties_true_let_unknown_fields_through()
    {
        var preserving = StructuralSchema.Load(JsonNode.Parse("""{"type": "object", "x-kubernetes-preserve-unknown-fields": true}""")!.AsObject());
        var open = StructuralSchema.Load(JsonNode.Parse("""{"type": "object", "additionalProperties": true}""")!.AsObject());

        Assert.Empty(preserving.Validate(JsonNode.Parse("""{"a": 1}""")));
        Assert.Empty(open.Validate(JsonNode.Parse("""{"a": 1}""")));
    }

    [Fact]
    public void Int_or_string_applies_number_rules_to_numbers_and_string_rules_to_strings()
    {
        var validator = StructuralSchema.Load(JsonNode.Parse("""{"x-kubernetes-int-or-string": true, "minimum": 1, "maximum": 9, "pattern": "^[a-z]+$"}""")!.AsObject());

        Assert.Empty(validator.Validate(JsonNode.Parse("5")));
        Assert.Empty(validator.Validate(JsonNode.Parse("\"abc\"")));
        Assert.Single(validator.Validate(JsonNode.Parse("10")));
        Assert.Single(validator.Validate(JsonNode.Parse("\"10\"")));
        Assert.Single(validator.Validate(JsonNode.Parse("1.5")));
    }

    [Fact]
    public void Null_fields_are_pruned_as_the_API_server_does_and_root_metadata_is_left_to_it()
    {
        var validator = StructuralSchema.Load(JsonNode.Parse("""
            {"type": "object", "required": ["b"], "properties": {"metadata": {"type": "object"}, "a": {"type": "string"}, "b": {"type": "string"}}}
            """)!.AsObject());

        Assert.Equal(["b: is required"], validator.Validate(JsonNode.Parse("""{"metadata": {"name": "x"}, "a": null, "b": null}""")));
    }

    [Fact]
    public void A_keyword_type_or_format_it_does_not_enforce_is_reported_and_refused()
    {
        var schema = JsonNode.Parse("""
            {"type": "object", "properties": {
              "a": {"type": "string", "oneOf": [{"pattern": "x"}]},
              "b": {"type": "string", "format": "uuid"},
              "c": {"type": "null"},
              "d": {"description": "no type"},
              "e": {"type": "array"}}}
            """)!.AsObject();

        Assert.Equal(
            [
                "a: keyword \"oneOf\" is not enforced by this validator",
                "b: format \"uuid\" is not enforced by this validator",
                "c: type \"null\" is not known",
                "d: no type (a structural schema needs one)",
                "e: an array without items",
            ],
            StructuralSchema.Problems(schema));
        Assert.Throws<ArgumentException>(() => StructuralSchema.Load(schema));
    }
}
