using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PllmML.Tests.Common;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (random port) that serves files from a path → file map, for download tests.
/// Each file can carry extra response headers, or be cut short after a number of bytes while announcing its full
/// Content-Length (a broken connection).
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, Served> _files = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LocalHttpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public int Requests { get; private set; }

    public void Serve(string path, string file, IReadOnlyDictionary<string, string>? headers = null, long? cutAfter = null) =>
        _files["/" + path.TrimStart('/')] = new Served(file, headers ?? new Dictionary<string, string>(), cutAfter);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => Handle(client));
        }
    }

    private async Task Handle(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var requestLine = await reader.ReadLineAsync() ?? string.Empty;
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
            {
            }

            Requests++;
            var path = requestLine.Split(' ').ElementAtOrDefault(1) ?? "/";
            if (!_files.TryGetValue(path, out var served))
            {
                await Write(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return;
            }

            var bytes = await File.ReadAllBytesAsync(served.File);
            var header = new StringBuilder($"HTTP/1.1 200 OK\r\nContent-Length: {bytes.Length}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n");
            foreach (var (name, value) in served.Headers)
            {
                header.Append(name).Append(": ").Append(value).Append("\r\n");
            }

            await Write(stream, header.Append("\r\n").ToString());
            await stream.WriteAsync(bytes.AsMemory(0, (int)Math.Min(bytes.Length, served.CutAfter ?? bytes.Length)));
        }
    }

    private static Task Write(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    private sealed record Served(string File, IReadOnlyDictionary<string, string> Headers, long? CutAfter);
}
