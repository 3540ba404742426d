using PacketCapture.Server.Tests.Server;

namespace PacketCapture.Server.Tests.EndToEnd;

/// <summary>One served member for a test class (it takes seconds to start); each test uses its own namespaces.</summary>
public sealed class MemberFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public MemberFixture() => Member = ServedMember.Start(_temp.File("data"));

    internal ServedMember Member { get; }

    public void Dispose()
    {
        Member.Dispose();
        _temp.Dispose();
    }
}
