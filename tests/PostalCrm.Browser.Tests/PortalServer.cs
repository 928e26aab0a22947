using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PostalCrm.Testing;

namespace PostalCrm.Browser.Tests;

/// <summary>
/// The published portal (artifacts/app) as its own process on a free loopback port with a fresh SQLite database
/// and the demo seed — what a user's browser talks to.
/// </summary>
public sealed class PortalServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataFolder;
    public string BaseUrl { get; }
    public string DataFolder => _dataFolder;

    private PortalServer(Process process, string baseUrl, string dataFolder)
    {
        _process = process;
        BaseUrl = baseUrl;
        _dataFolder = dataFolder;
    }

    public static async Task<PortalServer> StartAsync()
    {
        RepoPaths.RequirePublishedPlugins();
        var port = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "postalcrm-browser", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var psi = new ProcessStartInfo("dotnet", "PostalCrm.Host.dll")
        {
            WorkingDirectory = RepoPaths.App,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        psi.Environment["DataFolder"] = data;
        psi.Environment["Seed__Demo"] = "true";
        psi.Environment["Database__Provider"] = "Sqlite";
        // Each request's start and end (with its time) in the kept log below.
        psi.Environment["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the host");
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        // The portal's log is kept beside the test results, so a failure in the middle of the suite can be read afterwards.
        var logFile = Path.Combine(RepoPaths.Root, "artifacts", "test-results", "browser-portal.log");
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var writer = TextWriter.Synchronized(new StreamWriter(logFile, append: false) { AutoFlush = true });
        void Keep(string? line)
        {
            if (line is null) return;
            log.Enqueue(line);
            writer.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Exited += (_, _) => writer.Flush();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new PortalServer(process, $"http://127.0.0.1:{port}", data);
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) break;
            try
            {
                if ((await http.GetAsync(server.BaseUrl + "/healthz")).StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        await server.DisposeAsync();
        throw new InvalidOperationException("the portal did not become healthy:\n" + string.Join("\n", log));
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_dataFolder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
