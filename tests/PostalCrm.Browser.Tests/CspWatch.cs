using System.Collections.Concurrent;
using Microsoft.Playwright;
using NUnit.Framework.Interfaces;

[assembly: PostalCrm.Browser.Tests.NoCspViolations]

namespace PostalCrm.Browser.Tests;

/// <summary>
/// Collects Content-Security-Policy violations of every page the tests open (the browser's console message and the
/// page's securitypolicyviolation event), so that a test fails when a page it visits needs an inline script or style
/// the policy forbids.
/// </summary>
public static class CspWatch
{
    private static readonly ConcurrentQueue<string> Violations = new();

    // Runs in the page before its own scripts (Playwright injects it, not subject to the page's CSP).
    private const string Listener = """
        document.addEventListener('securitypolicyviolation', function (e) {
            console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
        });
        """;

    public static async Task WatchAsync(IBrowserContext context)
    {
        await context.AddInitScriptAsync(Listener);
        context.Console += (_, msg) =>
        {
            if (msg.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || msg.Text.StartsWith("CSP violation", StringComparison.Ordinal))
                Violations.Enqueue($"{msg.Location}: {msg.Text}");
        };
    }

    public static IReadOnlyList<string> Take()
    {
        var all = new List<string>();
        while (Violations.TryDequeue(out var v)) all.Add(v);
        return all;
    }
}

/// <summary>After every browser test: no CSP violation was logged on the pages it visited.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class NoCspViolationsAttribute : Attribute, ITestAction
{
    public ActionTargets Targets => ActionTargets.Test;

    public void BeforeTest(ITest test) => CspWatch.Take();

    public void AfterTest(ITest test)
    {
        var violations = CspWatch.Take();
        Assert.That(violations, Is.Empty, "Content-Security-Policy violations:\n" + string.Join("\n", violations));
    }
}
