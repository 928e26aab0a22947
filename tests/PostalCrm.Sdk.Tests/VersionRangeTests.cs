using PostalCrm.Sdk.Plugins;

namespace PostalCrm.Sdk.Tests;

public class VersionRangeTests
{
    [TestCase("[1.0,2.0)", "1.0.0", true)]
    [TestCase("[1.0,2.0)", "1.9.9", true)]
    [TestCase("[1.0,2.0)", "2.0.0", false)]
    [TestCase("[1.0,2.0]", "2.0", true)]
    [TestCase("(1.0,2.0)", "1.0", false)]
    [TestCase("[2.0,3.0)", "1.0.0", false)]
    [TestCase("1.2", "1.1", false)]
    [TestCase("1.2", "5.0", true)]
    [TestCase("[1.0,]", "9.0", true)]
    public void Admits(string range, string version, bool expected) =>
        Assert.That(VersionRange.Parse(range).Admits(Version.Parse(version)), Is.EqualTo(expected));

    [TestCase("")]
    [TestCase("[1.0")]
    [TestCase("[a,b)")]
    [TestCase("[1.0,2.0,3.0)")]
    public void Rejects_malformed_ranges(string range) => Assert.Throws<FormatException>(() => VersionRange.Parse(range));

    [Test]
    public void Descriptor_needs_id_version_and_entry()
    {
        Assert.Throws<FormatException>(() => PluginDescriptor.Parse("""{"version":"1.0.0","sdk":"[1.0,2.0)","entryAssembly":"a.dll"}"""));
        var d = PluginDescriptor.Parse("""{"id":"x","name":"某","version":"1.2.3","sdk":"[1.0,2.0)","dependsOn":{"y":"[1.0,)"},"entryAssembly":"x.dll"}""");
        Assert.That(d.DependsOn["y"], Is.EqualTo("[1.0,)"));
    }
}
