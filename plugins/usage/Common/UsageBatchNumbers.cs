using System.Globalization;

namespace PostalCrm.Plugins.Usage.Common;

/// <summary>用邮序列: "YY" + the Beijing import date + the batch id (6+ digits), e.g. YY20261130000012 — unique by construction.</summary>
public static class UsageBatchNumbers
{
    public static string Sequence(DateOnly importDate, int batchId) =>
        "YY" + importDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + batchId.ToString("D6", CultureInfo.InvariantCulture);
}
