using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PostalCrm.Benchmarks;

/// <summary>
/// Short runs (the machine has 2 shared cores), in process so the 200,000-row databases are built once per run and
/// shared by every benchmark case.
/// </summary>
public sealed class ShortInProcess : ManualConfig
{
    public ShortInProcess()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
        AddColumn(StatisticColumn.P95);
        SummaryStyle = BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend);
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}
