using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PacketCapture.Capture.Native;

namespace PacketCapture.Capture;

/// <summary>
/// Captures one interface into classic pcap files (SPEC.md §5) until stopped.
/// The per-packet path is libpcap's <c>pcap_dispatch</c> calling libpcap's own
/// <c>pcap_dump</c> directly, in batches bounded so that the size limit stays exact; near the
/// limit (and for a file's first packet) an unmanaged-callable callback checks each packet and
/// rotates. Packets never become managed objects and the loop allocates nothing. Opening,
/// rotating and failing are rare and managed. All file work happens on the session's own thread.
/// </summary>
public sealed unsafe class CaptureSession : ICaptureSession
{
    /// <summary>The packet-buffer timeout: the longest a batch waits, which bounds how stale counters and rotations get.</summary>
    private const int BufferTimeoutMilliseconds = 100;

    private const UnixFileMode DirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private const UnixFileMode CaptureFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    /// <summary>The largest record a packet can make: record header plus a full snap length.</summary>
    private const long MaxRecordBytes = LibPcap.RecordHeaderSize + BpfFilterCheck.SnapLength;

    /// <summary>Upper bound of one native batch, so counters and requests are seen often under load.</summary>
    private const long NativeBatchLimit = 4096;

    private readonly CaptureSessionOptions _options;
    private readonly ICaptureSessionObserver? _observer;
    private readonly string _directory;
    private readonly string _activeName;
    private readonly string _activePath;

    // Pinned for the session's life so the callback's user pointer never moves.
    private readonly NativeSessionState[] _stateBlock = GC.AllocateArray<NativeSessionState>(1, pinned: true);
    private readonly NativeSessionState* _native;
    private readonly TaskCompletionSource<CaptureState> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lifecycle = new();

    private IntPtr _pcap;
    private GCHandle _self;
    private Thread? _thread;
    private int _state = (int)CaptureState.Scheduled;
    private string? _reason;
    private bool _stopRequested;
    private int _rotateRequested;
    private bool _disposed;

    // Written by the capture thread only.
    private string? _failure;
    private long _filesWritten;
    private long _goodFileBytes;
    private long _flushedFilePackets;
    private long _lastRotationIndex;
    private long _threadAllocated;
    private bool _drained;
    private long _received;
    private long _dropped;
    private long _interfaceDropped;

    /// <summary>Creates a session; nothing is opened until <see cref="Start"/>.</summary>
    /// <exception cref="CaptureArgumentException">A name is unsafe or a limit impossible.</exception>
    public CaptureSession(CaptureSessionOptions options, ICaptureSessionObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _observer = observer;
        _directory = PcapFileNames.CaptureDirectory(options.CaptureDirectory, options.Namespace, options.CaptureName);
        _activeName = PcapFileNames.Active(options.PodName, options.InterfaceName);
        _activePath = Path.Combine(_directory, _activeName);
        _native = (NativeSessionState*)Unsafe.AsPointer(ref _stateBlock[0]);
    }

    /// <summary>The current state; <see cref="CaptureState.Scheduled"/> until started.</summary>
    public CaptureState State => (CaptureState)Volatile.Read(ref _state);

    /// <summary>Why the session is Finished or in Error; null before.</summary>
    public string? Reason => Volatile.Read(ref _reason);

    /// <summary>The capture's directory, <c>&lt;root&gt;/&lt;namespace&gt;/&lt;capture&gt;</c>.</summary>
    public string Directory => _directory;

    /// <summary>The active file's full path (it exists only once a packet arrived).</summary>
    public string ActiveFilePath => _activePath;

    /// <summary>Completes with the final state (Finished or Error) when the capture thread has ended.</summary>
    public Task<CaptureState> Completion => _completion.Task;

    /// <summary>
    /// Checks disk admission, creates the directory (0750), opens the interface (snap length
    /// 65536, not promiscuous), applies the filter and starts the capture thread. On failure
    /// the state becomes Error with the exception's message as reason, and the exception is thrown.
    /// </summary>
    /// <exception cref="CaptureAdmissionException">Too little free space.</exception>
    /// <exception cref="CaptureDirectoryException">The directory cannot be created.</exception>
    /// <exception cref="CaptureOpenException">The interface cannot be opened or is not Ethernet.</exception>
    /// <exception cref="CaptureFilterException">libpcap refuses the filter.</exception>
    public void Start()
    {
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_thread is not null || State != CaptureState.Scheduled)
            {
                throw new InvalidOperationException("a capture session starts once");
            }

            try
            {
                DiskAdmission.Check(_directory, _options.MaxFiles, _options.MaxSizeBytes);
                CreateDirectory();
                _pcap = OpenInterface();
                ApplyFilter();
            }
            catch (CaptureException ex)
            {
                if (_pcap != IntPtr.Zero)
                {
                    LibPcap.Close(_pcap);
                    _pcap = IntPtr.Zero;
                }

                SetState(CaptureState.Error, ex.Message);
                _completion.TrySetResult(CaptureState.Error);
                throw;
            }

            _self = GCHandle.Alloc(this);
            *_native = default;
            _native->Dump = LibPcap.DumpFunction;
            _native->Pcap = _pcap;
            _native->Session = GCHandle.ToIntPtr(_self);
            _native->MaxFileBytes = _options.MaxSizeBytes;
            _native->MaxPackets = _options.MaxPackets;
            SetState(CaptureState.WaitingForTraffic, null);
            _thread = new Thread(Run) { IsBackground = true, Name = $"capture {_options.InterfaceName}" };
            _thread.Start();
        }
    }

    /// <summary>
    /// Asks for a time rotation. It happens on the capture thread within one batch
    /// (promptly: the wait is interrupted), and only if the active file holds a packet;
    /// a FileRotated notification follows when it did rotate.
    /// </summary>
    public void Rotate()
    {
        Volatile.Write(ref _rotateRequested, 1);
        lock (_lifecycle)
        {
            if (_thread is not null && _pcap != IntPtr.Zero)
            {
                LibPcap.BreakLoop(_pcap);
            }
        }
    }

    /// <summary>
    /// Stops capturing, flushes and closes the file, and waits for the capture thread
    /// (promptly even without traffic: the wait is interrupted, not timed out). The state
    /// becomes Finished unless it already ended. Called from an observer (the capture thread)
    /// it only requests the stop.
    /// </summary>
    public void Stop()
    {
        Thread? thread;
        lock (_lifecycle)
        {
            Volatile.Write(ref _stopRequested, true);
            thread = _thread;
            if (thread is not null && _pcap != IntPtr.Zero)
            {
                LibPcap.BreakLoop(_pcap);
            }
        }

        // An observer may call Stop from the capture thread itself; that thread ends on its own.
        if (thread is not null && thread != Thread.CurrentThread)
        {
            thread.Join();
        }
    }

    /// <summary>
    /// A snapshot of the counters; safe from any thread at any time, also after the session ended.
    /// While the interface is open the kernel figures are read fresh with <c>pcap_stats</c>.
    /// </summary>
    public CaptureCounters ReadCounters()
    {
        // pcap_stats only reads socket statistics (getsockopt) and sysfs and updates fields
        // no other libpcap call touches, so it may run beside pcap_dispatch; the lock keeps
        // two callers, and pcap_close, apart.
        lock (_lifecycle)
        {
            if (_pcap != IntPtr.Zero && _thread is not null && !_completion.Task.IsCompleted)
            {
                SampleStats();
            }
        }

        return Snapshot();
    }

    /// <summary>Bytes the capture thread has allocated so far (a diagnostic: it must stay flat per packet).</summary>
    internal long CaptureThreadAllocatedBytes => Volatile.Read(ref _threadAllocated);

    private CaptureCounters Snapshot() => new(
        Volatile.Read(ref _native->PacketsWritten),
        Volatile.Read(ref _native->BytesWritten),
        Volatile.Read(ref _received),
        Volatile.Read(ref _dropped),
        Volatile.Read(ref _interfaceDropped),
        Volatile.Read(ref _filesWritten));

    /// <summary>Stops the session and releases the interface.</summary>
    public void Dispose()
    {
        Stop();
        lock (_lifecycle)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_pcap != IntPtr.Zero)
            {
                LibPcap.Close(_pcap);
                _pcap = IntPtr.Zero;
            }

            if (_self.IsAllocated)
            {
                _self.Free();
            }
        }
    }

    [UnmanagedCallersOnly]
    private static void OnPacket(byte* user, LibPcap.PacketHeader* header, byte* data)
    {
        var native = (NativeSessionState*)user;
        if (native->Halted != 0)
        {
            return;
        }

        var record = LibPcap.RecordHeaderSize + (long)header->CapturedLength;
        if (native->Dumper == IntPtr.Zero || native->FileBytes + record > native->MaxFileBytes)
        {
            // First packet of a file, or a rotation: rare, managed, and must not throw into native code.
            var session = (CaptureSession)GCHandle.FromIntPtr(native->Session).Target!;
            session.WriteWithRotation(header, data);
            return;
        }

        native->Dump((byte*)native->Dumper, header, data);
        Counted(native, record);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Counted(NativeSessionState* native, long record)
    {
        native->FileBytes += record;
        native->FilePackets++;
        Volatile.Write(ref native->BytesWritten, native->BytesWritten + record);
        Volatile.Write(ref native->PacketsWritten, native->PacketsWritten + 1);
        if (native->MaxPackets != 0 && native->PacketsWritten >= native->MaxPackets)
        {
            native->Halted = 1;
            LibPcap.BreakLoop(native->Pcap);
        }
    }

    private void WriteWithRotation(LibPcap.PacketHeader* header, byte* data)
    {
        try
        {
            var record = LibPcap.RecordHeaderSize + (long)header->CapturedLength;
            if (_native->Dumper == IntPtr.Zero)
            {
                OpenActiveFile();
            }

            // A file that holds a packet is rotated before it would exceed the limit
            // (this also covers an appended file from an earlier, larger limit).
            if (_native->FileBytes > LibPcap.FileHeaderSize && _native->FileBytes + record > _native->MaxFileBytes)
            {
                RotateActiveFile();
                OpenActiveFile();
            }

            var fitted = *header;
            if (_native->FileBytes + record > _native->MaxFileBytes)
            {
                // Alone in a fresh file and still too big: keep the head of the packet, as a
                // smaller snap length would, so that no file exceeds the limit.
                fitted.CapturedLength = (uint)(_native->MaxFileBytes - _native->FileBytes - LibPcap.RecordHeaderSize);
                record = LibPcap.RecordHeaderSize + (long)fitted.CapturedLength;
            }

            _native->Dump((byte*)_native->Dumper, &fitted, data);
            Counted(_native, record);
            if (State == CaptureState.WaitingForTraffic)
            {
                SetState(CaptureState.Capturing, null);
            }
        }
        catch (Exception ex)
        {
            Fail(ex.Message);
        }
    }

    private void Fail(string reason)
    {
        _failure ??= reason;
        _native->Halted = 1;
        LibPcap.BreakLoop(_pcap);
    }

    private void Run()
    {
        var endState = CaptureState.Finished;
        var reason = "stopped";
        try
        {
            while (!Volatile.Read(ref _stopRequested))
            {
                var result = Dispatch();
                if (_failure is not null)
                {
                    break;
                }

                if (result == -1)
                {
                    var error = LibPcap.LastError(_pcap);
                    if (InterfaceGone(error))
                    {
                        reason = $"interface {_options.InterfaceName} went away: {error}";
                    }
                    else
                    {
                        _failure = $"capture on {_options.InterfaceName} failed: {error}";
                    }

                    break;
                }

                if (_native->Halted != 0)
                {
                    reason = $"packet limit {_options.MaxPackets} reached";
                    break;
                }

                if (Interlocked.Exchange(ref _rotateRequested, 0) == 1
                    && _native->Dumper != IntPtr.Zero
                    && _native->FileBytes > LibPcap.FileHeaderSize)
                {
                    RotateActiveFile();
                }

                // Flush when the ring is drained (so the file is complete whenever traffic
                // pauses, and write errors surface); under sustained load stdio's own buffer
                // decides, as in tcpdump, instead of one small write per batch.
                if (_drained)
                {
                    FlushActiveFile();
                }
                else if (_native->Dumper != IntPtr.Zero && LibC.StreamError(LibPcap.DumpFile(_native->Dumper)) != 0)
                {
                    throw new IOException($"writing {_activePath} failed: {WriteFailureText(0)}");
                }

                Volatile.Write(ref _threadAllocated, GC.GetAllocatedBytesForCurrentThread());
            }

            if (_failure is null)
            {
                CloseActiveFile();
            }
        }
        catch (Exception ex)
        {
            _failure ??= ex.Message;
        }

        if (_failure is not null)
        {
            endState = CaptureState.Error;
            reason = _failure;
            AbandonActiveFile();
        }

        lock (_lifecycle)
        {
            SampleStats();
        }

        Volatile.Write(ref _threadAllocated, GC.GetAllocatedBytesForCurrentThread());
        SetState(endState, reason);
        _completion.TrySetResult(endState);
    }

    /// <summary>
    /// One batch. While the active file has room for <c>n</c> records of the full snap length,
    /// libpcap's <c>pcap_dump</c> itself is the callback for at most <c>n</c> packets: no
    /// managed code runs per packet and the limit still cannot be crossed. Otherwise (no file
    /// yet, or near the limit) every packet goes through the checking callback, which opens
    /// and rotates files.
    /// </summary>
    private int Dispatch()
    {
        var dumper = _native->Dumper;
        var room = _native->MaxFileBytes - _native->FileBytes;
        if (dumper == IntPtr.Zero || room < MaxRecordBytes)
        {
            _drained = true;
            return LibPcap.Dispatch(_pcap, -1, &OnPacket, (byte*)_native);
        }

        var batch = Math.Min(room / MaxRecordBytes, NativeBatchLimit);
        if (_native->MaxPackets != 0)
        {
            batch = Math.Min(batch, _native->MaxPackets - _native->PacketsWritten);
        }

        var result = LibPcap.Dispatch(_pcap, (int)batch, LibPcap.DumpFunction, (byte*)dumper);
        _drained = result < batch;
        if (result > 0)
        {
            var position = LibPcap.DumpTell(dumper);
            var added = position - _native->FileBytes;
            _native->FileBytes = position;
            _native->FilePackets += result;
            Volatile.Write(ref _native->BytesWritten, _native->BytesWritten + added);
            Volatile.Write(ref _native->PacketsWritten, _native->PacketsWritten + result);
            if (_native->MaxPackets != 0 && _native->PacketsWritten >= _native->MaxPackets)
            {
                _native->Halted = 1;
            }
        }

        return result;
    }

    private bool InterfaceGone(string error) =>
        !System.IO.Directory.Exists(Path.Combine("/sys/class/net", _options.InterfaceName))
        || error.Contains("went down", StringComparison.OrdinalIgnoreCase)
        || error.Contains("disappeared", StringComparison.OrdinalIgnoreCase)
        || error.Contains("No such device", StringComparison.OrdinalIgnoreCase);

    private void SampleStats()
    {
        LibPcap.Stats stats;
        if (LibPcap.GetStats(_pcap, &stats) == 0)
        {
            Volatile.Write(ref _received, stats.Received);
            Volatile.Write(ref _dropped, stats.Dropped);
            Volatile.Write(ref _interfaceDropped, stats.InterfaceDropped);
        }
    }

    private void CreateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            // libpcap's Linux capture and Unix file modes are the contract; there is no Windows path.
            throw new PlatformNotSupportedException("packet capture runs on Linux only");
        }

        try
        {
            // Level by level: CreateDirectory applies the mode only to the last one it creates.
            var root = Path.GetFullPath(_options.CaptureDirectory);
            foreach (var level in new[] { root, Path.Combine(root, _options.Namespace), _directory })
            {
                if (!System.IO.Directory.Exists(level))
                {
                    System.IO.Directory.CreateDirectory(level, DirectoryMode);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CaptureDirectoryException(_directory, ex.Message, ex);
        }
    }

    private IntPtr OpenInterface()
    {
        var name = _options.InterfaceName;
        var errors = stackalloc byte[LibPcap.ErrorBufferSize];
        var pcap = LibPcap.Create(name, errors);
        if (pcap == IntPtr.Zero)
        {
            throw new CaptureOpenException(name, Marshal.PtrToStringUTF8((IntPtr)errors) ?? "pcap_create failed");
        }

        try
        {
            LibPcap.SetSnapLength(pcap, BpfFilterCheck.SnapLength);
            LibPcap.SetPromiscuous(pcap, 0);
            LibPcap.SetTimeout(pcap, BufferTimeoutMilliseconds);
            LibPcap.SetBufferSize(pcap, _options.BufferSizeBytes);
            var status = LibPcap.Activate(pcap);
            if (status < 0)
            {
                var detail = LibPcap.LastError(pcap);
                var text = LibPcap.StatusText(status);
                throw new CaptureOpenException(name, string.IsNullOrEmpty(detail) || detail == text ? text : $"{text}: {detail}");
            }

            var linkType = LibPcap.DataLink(pcap);
            if (linkType != LibPcap.LinkTypeEthernet)
            {
                throw new CaptureOpenException(name, $"link type {linkType} is not Ethernet");
            }

            return pcap;
        }
        catch
        {
            LibPcap.Close(pcap);
            throw;
        }
    }

    private void ApplyFilter()
    {
        var filter = _options.Filter;
        LibPcap.BpfProgram program;
        if (LibPcap.Compile(_pcap, &program, filter, 1, LibPcap.NetmaskUnknown) != 0)
        {
            throw new CaptureFilterException(filter, LibPcap.LastError(_pcap));
        }

        try
        {
            if (LibPcap.SetFilter(_pcap, &program) != 0)
            {
                throw new CaptureFilterException(filter, LibPcap.LastError(_pcap));
            }
        }
        finally
        {
            LibPcap.FreeCode(&program);
        }
    }

    private void OpenActiveFile()
    {
        if (OperatingSystem.IsWindows())
        {
            // libpcap's Linux capture and Unix file modes are the contract; there is no Windows path.
            throw new PlatformNotSupportedException("packet capture runs on Linux only");
        }

        long existing;
        try
        {
            // Created here, not by libpcap's fopen, so it is born 0640; an existing file is appended to.
            using var file = new FileStream(_activePath, new FileStreamOptions
            {
                Mode = System.IO.FileMode.OpenOrCreate,
                Access = FileAccess.Write,
                UnixCreateMode = CaptureFileMode,
            });
            existing = file.Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot create {_activePath}: {ex.Message}", ex);
        }

        // pcap_dump_open_append writes the header into an empty file and checks the link
        // type of an existing one, so a restart never adds a second header.
        var dumper = LibPcap.DumpOpenAppend(_pcap, _activePath);
        if (dumper == IntPtr.Zero)
        {
            throw new IOException($"cannot open {_activePath} for writing: {LibPcap.LastError(_pcap)}");
        }

        _native->Dumper = dumper;
        _native->FilePackets = 0;
        _native->FileBytes = existing == 0 ? LibPcap.FileHeaderSize : existing;
        if (existing == 0)
        {
            Volatile.Write(ref _native->BytesWritten, _native->BytesWritten + LibPcap.FileHeaderSize);
        }

        _goodFileBytes = existing;
        _flushedFilePackets = 0;
        Volatile.Write(ref _filesWritten, _filesWritten + 1);
    }

    private void FlushActiveFile()
    {
        var dumper = _native->Dumper;
        if (dumper == IntPtr.Zero || _native->FilePackets == _flushedFilePackets)
        {
            return;
        }

        // pcap_dump ignores fwrite errors; a failed flush or the stream's error flag reveals them.
        if (LibPcap.DumpFlush(dumper) != 0 || LibC.StreamError(LibPcap.DumpFile(dumper)) != 0)
        {
            throw new IOException($"writing {_activePath} failed: {WriteFailureText(Marshal.GetLastPInvokeError())}");
        }

        _goodFileBytes = _native->FileBytes;
        _flushedFilePackets = _native->FilePackets;
    }

    /// <summary>
    /// The cause of a failed write. When the failing <c>fwrite</c> ran inside <c>pcap_dump</c>,
    /// its errno is gone by the time the stream's error flag is seen, so a full file system
    /// (the usual cause) is recognised by its free space instead.
    /// </summary>
    private string WriteFailureText(int errno)
    {
        const int NoSpace = 28;
        if (errno == 0)
        {
            try
            {
                errno = DiskAdmission.FreeBytes(_directory) < LibPcap.RecordHeaderSize + BpfFilterCheck.SnapLength ? NoSpace : 0;
            }
            catch (IOException)
            {
                errno = 0;
            }
        }

        return errno == 0 ? "write error" : LibC.ErrorText(errno);
    }

    private void CloseActiveFile()
    {
        if (_native->Dumper == IntPtr.Zero)
        {
            return;
        }

        FlushActiveFile();
        LibPcap.DumpClose(_native->Dumper);
        _native->Dumper = IntPtr.Zero;
    }

    /// <summary>
    /// After a write failure (e.g. disk full): close the stream and cut the file back to the
    /// last length known to be complete, so it never ends in a partial record.
    /// </summary>
    private void AbandonActiveFile()
    {
        if (_native->Dumper == IntPtr.Zero)
        {
            return;
        }

        LibPcap.DumpClose(_native->Dumper);
        _native->Dumper = IntPtr.Zero;
        try
        {
            if (_goodFileBytes == 0)
            {
                File.Delete(_activePath);
            }
            else
            {
                using var file = new FileStream(_activePath, System.IO.FileMode.Open, FileAccess.Write);
                file.SetLength(_goodFileBytes);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing better is possible: the Error reason already names the write failure.
        }
    }

    private void RotateActiveFile()
    {
        CloseActiveFile();
        var index = Math.Max(PcapFileNames.UnixMicroseconds(_options.Clock.GetUtcNow()), _lastRotationIndex + 1);
        string rotatedName;
        while (File.Exists(Path.Combine(_directory, rotatedName = PcapFileNames.Rotated(_options.PodName, _options.InterfaceName, index))))
        {
            index++;
        }

        _lastRotationIndex = index;
        File.Move(_activePath, Path.Combine(_directory, rotatedName));
        var rotation = new FileRotation(_activeName, rotatedName, _native->FileBytes, _native->FilePackets);
        _native->FileBytes = 0;
        _native->FilePackets = 0;
        Notify(o => o.OnFileRotated(rotation));
        ApplyRetention();
    }

    private void ApplyRetention()
    {
        var names = System.IO.Directory.EnumerateFiles(_directory).Select(Path.GetFileName).OfType<string>();
        var doomed = RetentionPolicy.FilesToDelete(names, _options.MaxFiles);
        if (doomed.Count == 0)
        {
            return;
        }

        var deleted = new List<string>(doomed.Count);
        foreach (var name in doomed)
        {
            try
            {
                File.Delete(Path.Combine(_directory, name));
                deleted.Add(name);
            }
            catch (IOException)
            {
                // Another session of this capture may have deleted it first; that is the same outcome.
            }
        }

        Notify(o => o.OnFilesDeleted(deleted));
    }

    private void SetState(CaptureState state, string? reason)
    {
        Volatile.Write(ref _reason, reason);
        Volatile.Write(ref _state, (int)state);
        Notify(o => o.OnStateChanged(state, reason));
    }

    private void Notify(Action<ICaptureSessionObserver> call)
    {
        if (_observer is null)
        {
            return;
        }

        try
        {
            call(_observer);
        }
        catch (Exception)
        {
            // Documented on ICaptureSessionObserver: a throwing observer must not end the capture.
        }
    }
}
