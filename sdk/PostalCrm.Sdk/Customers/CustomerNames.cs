using System.Text;

namespace PostalCrm.Sdk.Customers;

/// <summary>
/// When two customer names are the same customer (F-3.1, F-3.3, F-3.10): compared after NFKC (full-width letters,
/// digits and brackets become half-width), without any white space, with every kind of bracket as ( ) and letters in
/// lower case. "武汉（光谷）科技 有限公司" and "武汉(光谷)科技有限公司" have one key. The key is stored beside the name
/// (<c>business_customers.name_key</c>, unique) so the database refuses a second customer under any spelling.
/// </summary>
public static class CustomerNames
{
    public const int KeyLength = 400;

    public static string Key(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var text = name.Normalize(NormalizationForm.FormKC);
        var key = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\uFEFF') continue;
            key.Append(c switch
            {
                '[' or '【' or '〔' or '〖' or '{' => '(',
                ']' or '】' or '〕' or '〗' or '}' => ')',
                _ => char.ToLowerInvariant(c),
            });
        }
        return key.ToString();
    }
}
