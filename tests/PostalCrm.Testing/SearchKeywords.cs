using PostalCrm.Sdk.Data;

namespace PostalCrm.Testing;

/// <summary>Keywords that take a customer search's 2-character path (the bigram index) and still find a given customer on a list's first page.</summary>
public static class SearchKeywords
{
    /// <summary>
    /// The 2 characters of <paramref name="name"/> that the fewest customers' names, 简称 or codes contain: a filter with it
    /// goes through the bigram index and its matches stay few, so the customer is on the first page of any list.
    /// </summary>
    public static string RarestBigram(PostalDb db, string name) =>
        Enumerable.Range(0, name.Length - 1).Select(i => name.Substring(i, 2)).Distinct()
            .OrderBy(g => db.BusinessCustomers.Count(c => c.Name.Contains(g) || c.ShortName.Contains(g) || c.Code.Contains(g)))
            .First();
}
