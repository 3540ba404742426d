using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PacketCapture.Host.Tests.Cli;
using Xunit;

namespace PacketCapture.Host.Tests.Client;

/// <summary>The client against a TLS server with a self-signed certificate, as a standalone serve with --tls-cert runs.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("pc-tls-").FullName;
    private RealServer _server = null!;
    private string _certificatePem = "";

    public async Task InitializeAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _certificatePem = Path.Combine(_root, "server.pem");
        await File.WriteAllTextAsync(_certificatePem, certificate.ExportCertificatePem());
        var keyPem = Path.Combine(_root, "server.key");
        await File.WriteAllTextAsync(keyPem, key.ExportPkcs8PrivateKeyPem());

        // The real server, given the PEM files as serve's --tls-cert and --tls-key.
        _server = await RealServer.StartAsync(Path.Combine(_root, "data"), _certificatePem, keyPem);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private Task<CliProcess.Result> Get(params string[] extra) =>
        CliProcess.RunAsync(null, ["get", "-A", "--server", _server.Url, "--token", _server.Token, "--data-dir", _root, .. extra]);

    [Fact]
    public async Task The_servers_self_signed_certificate_is_trusted_with_ca_cert()
    {
        var result = await Get("--ca-cert", _certificatePem);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["No resources found"], result.ErrorLines);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_one_line_pointing_at_ca_cert()
    {
        var result = await Get();

        Assert.Equal(69, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"packetcapture: cannot reach the server at {_server.Url}: TLS failed; the server's certificate is not trusted here (give its CA with --ca-cert FILE", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_accepts_any_certificate()
    {
        var result = await Get("--insecure-skip-tls-verify");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_ca_file_without_certificates_is_one_line()
    {
        var empty = Path.Combine(_root, "empty.pem");
        await File.WriteAllTextAsync(empty, "not a certificate\n");

        var result = await Get("--ca-cert", empty);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"packetcapture: --ca-cert {empty}: holds no PEM certificate (-----BEGIN CERTIFICATE-----)"], result.ErrorLines);
    }
}
