namespace PostalCrm.Testing;

/// <summary>
/// A clock the tests move: the system's time plus <see cref="Offset"/> (time keeps running). Given to the host, its cookie
/// handler, sessions, plugins and caches through DI, or to an SDK service directly.
/// </summary>
public sealed class MovableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    /// <summary>Beijing wall-clock time <paramref name="beijing"/> from now on (time keeps running).</summary>
    public void SetBeijing(DateTime beijing) =>
        Offset = new DateTimeOffset(beijing, TimeSpan.FromHours(8)) - base.GetUtcNow();
}
