using BenchmarkDotNet.Running;

namespace PostalCrm.Benchmarks;

/// <summary>dotnet run -c Release --project tests/PostalCrm.Benchmarks -- --filter *Search*   (see docs/benchmarks.md)</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        try
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
        finally
        {
            BenchData.DropAll();
        }
    }
}
