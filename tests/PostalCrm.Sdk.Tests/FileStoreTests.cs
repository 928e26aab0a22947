using System.Text;
using PostalCrm.Sdk.Data;
using PostalCrm.Sdk.Files;
using PostalCrm.Testing;

namespace PostalCrm.Sdk.Tests;

[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
public class FileStoreTests(DatabaseProvider provider)
{
    private TestDatabase _db = null!;
    private StorageSettings _storage = null!;

    [OneTimeSetUp]
    public async Task Create()
    {
        _db = await Migrated.CreateAsync(provider);
        _storage = new StorageSettings { Root = Path.Combine(_db.Folder, "files") };
    }

    [OneTimeTearDown] public void Drop() => _db.Dispose();

    [Test]
    public async Task A_saved_file_streams_back_byte_for_byte_under_a_generated_name()
    {
        var bytes = Encoding.UTF8.GetBytes("客户名单 " + new string('a', 100_000));
        using var db = _db.Open();
        var user = await Users.AsAsync(db, DemoUsers.JiangAnCm1);
        StoredFile saved;
        await using (var store = new FileStore(db, _storage, user))
        {
            saved = await store.SaveAsync(new MemoryStream(bytes), "../../名单.txt", FilePolicy.AnyButExecutable());
            await using var read = store.OpenRead(saved);
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.That(copy.ToArray(), Is.EqualTo(bytes));
        }
        Assert.That(saved.OriginalName, Is.EqualTo("名单.txt"));
        Assert.That(saved.StoredName, Does.Match("^[0-9a-f]{32}$"));
        Assert.That(File.Exists(Path.Combine(_storage.Root, saved.StoredName)), Is.True, "kept: its row was committed");
    }

    [Test]
    public async Task A_rolled_back_upload_leaves_no_row_and_no_file()
    {
        using var db = _db.Open();
        var user = await Users.AsAsync(db, DemoUsers.JiangAnCm1);
        StoredFile saved;
        await using (var store = new FileStore(db, _storage, user))
        {
            await using (var tx = await db.BeginTransactionAsync())
            {
                saved = await store.SaveAsync(new MemoryStream(Encoding.UTF8.GetBytes("draft")), "草稿.txt", FilePolicy.AnyButExecutable());
                Assert.That(File.Exists(Path.Combine(_storage.Root, saved.StoredName)), Is.True);
                // no commit: the business write after the upload failed
            }
        }
        Assert.That(await db.StoredFiles.AnyAsync(f => f.StoredName == saved.StoredName), Is.False);
        Assert.That(File.Exists(Path.Combine(_storage.Root, saved.StoredName)), Is.False);
    }

    [Test]
    public async Task A_refused_upload_leaves_nothing_on_disk()
    {
        using var db = _db.Open();
        var user = await Users.AsAsync(db, DemoUsers.JiangAnCm1);
        var before = Directory.Exists(_storage.Root) ? Directory.GetFiles(_storage.Root).Length : 0;
        await using var store = new FileStore(db, _storage, user);
        await Assert.ThrowsAsync<PostalCrm.Sdk.Security.BusinessRuleException>(() =>
            store.SaveAsync(new MemoryStream([(byte)'M', (byte)'Z', 1, 2]), "setup.exe", FilePolicy.AnyButExecutable()));
        Assert.That(Directory.GetFiles(_storage.Root).Length, Is.EqualTo(before));
    }

    [Test]
    public async Task A_deleted_file_loses_its_row_and_its_content_once_the_deletion_is_committed()
    {
        using var db = _db.Open();
        var user = await Users.AsAsync(db, DemoUsers.JiangAnCm1);
        StoredFile saved;
        await using (var store = new FileStore(db, _storage, user))
            saved = await store.SaveAsync(new MemoryStream(Encoding.UTF8.GetBytes("旧的批量打印")), "旧.txt", FilePolicy.AnyButExecutable());
        var path = Path.Combine(_storage.Root, saved.StoredName);

        // Rolled back: row and content stay.
        await using (var store = new FileStore(db, _storage, user))
        {
            await using var tx = await db.BeginTransactionAsync();
            Assert.That(await store.DeleteAsync(saved), Is.True);
        }
        Assert.That((await db.StoredFiles.AnyAsync(f => f.Id == saved.Id), File.Exists(path)), Is.EqualTo((true, true)), "rolled back");

        // Committed: both gone; a second delete finds nothing.
        await using (var store = new FileStore(db, _storage, user))
        {
            await using (var tx = await db.BeginTransactionAsync())
            {
                Assert.That(await store.DeleteAsync(saved), Is.True);
                Assert.That(File.Exists(path), Is.True, "content waits for the commit");
                await tx.CommitAsync();
            }
            Assert.That(await store.DeleteAsync(saved), Is.False, "already gone");
        }
        Assert.That((await db.StoredFiles.AnyAsync(f => f.Id == saved.Id), File.Exists(path)), Is.EqualTo((false, false)), "committed");
    }
}
