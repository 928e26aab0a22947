using PostalCrm.Sdk.Excel;

namespace PostalCrm.Plugins.Usage.Features.Import;

/// <summary>One data row as read from the workbook (types checked by the SDK's reader), before the business rules.</summary>
public sealed record ImportRow(int RowNumber, DateOnly Date, string Number, string Line, string Type, long? Volume, decimal? Receivable,
    decimal Actual, string? Manager, string? Remarks)
{
    /// <summary>
    /// The rows of a checked file, kept beside the pending upload so 是(Y) re-checks them without parsing the workbook
    /// again (a compact binary file: ~60 bytes a row, written and read in well under a second for 200,000 rows).
    /// </summary>
    public static void Save(string path, IReadOnlyList<ImportRow> rows)
    {
        using var w = new BinaryWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920));
        w.Write(FormatVersion);
        w.Write(rows.Count);
        foreach (var r in rows)
        {
            w.Write(r.RowNumber);
            w.Write(r.Date.DayNumber);
            w.Write(r.Number);
            w.Write(r.Line);
            w.Write(r.Type);
            WriteOptional(w, r.Volume, w.Write);
            WriteOptional(w, r.Receivable, w.Write);
            w.Write(r.Actual);
            WriteOptional(w, r.Manager, w.Write);
            WriteOptional(w, r.Remarks, w.Write);
        }
    }

    /// <summary>The rows saved by <see cref="Save"/>, or null when the file is missing or of another format.</summary>
    public static List<ImportRow>? Load(string path)
    {
        if (!File.Exists(path)) return null;
        using var r = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920));
        if (r.ReadInt32() != FormatVersion) return null;
        var count = r.ReadInt32();
        var pool = new StringPool();
        var rows = new List<ImportRow>(count);
        for (var i = 0; i < count; i++)
        {
            rows.Add(new ImportRow(r.ReadInt32(), DateOnly.FromDayNumber(r.ReadInt32()), pool.Get(r.ReadString()), pool.Get(r.ReadString()),
                pool.Get(r.ReadString()), r.ReadBoolean() ? r.ReadInt64() : null, r.ReadBoolean() ? r.ReadDecimal() : null, r.ReadDecimal(),
                r.ReadBoolean() ? pool.Get(r.ReadString()) : null, r.ReadBoolean() ? r.ReadString() : null));
        }
        return rows;
    }

    private const int FormatVersion = 1;

    private static void WriteOptional<T>(BinaryWriter w, T? value, Action<T> write) where T : struct
    {
        w.Write(value.HasValue);
        if (value.HasValue) write(value.Value);
    }

    private static void WriteOptional(BinaryWriter w, string? value, Action<string> write)
    {
        w.Write(value is not null);
        if (value is not null) write(value);
    }
}

/// <summary>One instance per distinct text: a 100,000-row file names a few hundred key accounts, lines and managers.</summary>
internal sealed class StringPool
{
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);

    public string Get(string s)
    {
        if (_pool.TryGetValue(s, out var pooled)) return pooled;
        _pool[s] = s;
        return s;
    }

    public string? GetOrNull(string? s) => s is null ? null : Get(s);
}

/// <summary>The business-rule errors of a check (the SDK's reader reports type errors): every one counted, the first kept.</summary>
public sealed class ImportErrors(ExcelSheetSpec spec, int cap)
{
    private readonly List<ExcelError> _kept = [];
    public int Count { get; private set; }
    public IReadOnlyList<ExcelError> Kept => _kept;

    /// <summary>An error of the row's cell <paramref name="key"/>, or of the row as a whole when it is null.</summary>
    public void Add(int row, string? key, string message)
    {
        Count++;
        if (_kept.Count < cap) _kept.Add(new ExcelError(row, key is null ? "" : spec.Columns[spec.IndexOf(key)].Header, message));
    }

    /// <summary>
    /// The reader's errors and these, in row order (each list is already in row order), capped; where one list was cut at
    /// its cap, the other is only taken up to the same row so that no error in between is silently left out.
    /// </summary>
    public static IReadOnlyList<ExcelError> Merge(ExcelReadResult read, ImportErrors rules, int cap)
    {
        var limit = int.MaxValue;
        if (read.ErrorsTruncated && read.Errors.Count > 0) limit = Math.Min(limit, read.Errors[^1].Row);
        if (rules.Count > rules.Kept.Count && rules.Kept.Count > 0) limit = Math.Min(limit, rules.Kept[^1].Row);
        return [.. read.Errors.Concat(rules.Kept).Where(e => e.Row <= limit).OrderBy(e => e.Row).Take(cap)];
    }
}

/// <summary>What an import job is doing.</summary>
public enum ImportPhase
{
    Queued,
    Reading,
    Checking,
    Writing,
    Summary,
    Done,
}

/// <summary>Progress of a check or an import, read by the progress page while the job runs (counters written by one thread).</summary>
public sealed class ImportProgress
{
    private int _total, _read, _checked, _written, _phase;

    /// <summary>Called on entering each phase (tests hold a job there); null does nothing.</summary>
    public Func<ImportPhase, Task>? OnPhase { get; init; }

    /// <summary>
    /// Called inside the import's write transaction just before it commits, with the result (the job records its
    /// success in the same transaction: a job the database calls interrupted has written nothing). Null does nothing.
    /// </summary>
    public Func<ImportResult, Task>? BeforeCommit { get; init; }

    /// <summary>A job's progress as last written to the database (its page after a restart).</summary>
    internal static ImportProgress Restored(ImportPhase phase, int total, int read, int @checked, int written) => new()
    {
        _phase = (int)phase, _total = total, _read = read, _checked = @checked, _written = written,
    };

    public ImportPhase Phase => (ImportPhase)Volatile.Read(ref _phase);
    /// <summary>Data rows in the sheet (from the streamed look at its XML), 0 until known.</summary>
    public int Total => Volatile.Read(ref _total);
    public int Read => Volatile.Read(ref _read);
    public int Checked => Volatile.Read(ref _checked);
    public int Written => Volatile.Read(ref _written);

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly List<(ImportPhase Phase, double Seconds)> _timings = [];

    /// <summary>Seconds spent in each phase so far, e.g. "Reading 3.1 s, Checking 0.2 s" (logged when a job ends).</summary>
    public string Timings
    {
        get
        {
            lock (_timings)
                return string.Join(", ", _timings.Select(t => $"{t.Phase} {t.Seconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} s"));
        }
    }

    public async Task EnterAsync(ImportPhase phase)
    {
        lock (_timings)
        {
            _timings.Add((Phase, _clock.Elapsed.TotalSeconds));
            _clock.Restart();
        }
        Volatile.Write(ref _phase, (int)phase);
        if (OnPhase is { } hook) await hook(phase);
    }

    internal void SetTotal(int rows) => Volatile.Write(ref _total, rows);
    internal void RowRead() => Interlocked.Increment(ref _read);
    internal void SetChecked(int rows) => Volatile.Write(ref _checked, rows);
    internal void AddWritten(int rows) => Interlocked.Add(ref _written, rows);

    /// <summary>The phase in words (Chinese, for the page).</summary>
    public string PhaseText => Phase switch
    {
        ImportPhase.Queued => "排队等候中",
        ImportPhase.Reading => "正在读取文件",
        ImportPhase.Checking => "正在检查数据",
        ImportPhase.Writing => "正在写入数据",
        ImportPhase.Summary => "正在更新用邮日汇总",
        _ => "已完成",
    };
}
