using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using PostalCrm.Host.Data;

namespace PostalCrm.Testing;

/// <summary>
/// The tests run SQLite in the portal's threading mode (multi-thread, <see cref="ConnectionSetup.UseSqliteMultiThreadMode"/>).
/// SQLite takes the mode only before its first connection opens, so it is set as this assembly loads: every test reaches
/// its database through this assembly.
/// </summary>
public static class SqliteMode
{
    /// <summary>Whether the mode took effect in this test process.</summary>
    public static bool MultiThread { get; private set; }

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "A test library: the mode must be set before any test opens SQLite.")]
    internal static void SetPortalMode() => MultiThread = ConnectionSetup.UseSqliteMultiThreadMode();
}
