using System.Collections.Concurrent;

namespace PacketCapture.Capture.Tests;

/// <summary>Keeps every notification a session raises, for assertions.</summary>
internal sealed class RecordingObserver : ICaptureSessionObserver
{
    public ConcurrentQueue<(CaptureState State, string? Reason)> States { get; } = new();

    public ConcurrentQueue<FileRotation> Rotations { get; } = new();

    public ConcurrentQueue<string> Deleted { get; } = new();

    public void OnStateChanged(CaptureState state, string? reason) => States.Enqueue((state, reason));

    public void OnFileRotated(FileRotation rotation) => Rotations.Enqueue(rotation);

    public void OnFilesDeleted(IReadOnlyList<string> fileNames)
    {
        foreach (var name in fileNames)
        {
            Deleted.Enqueue(name);
        }
    }
}
