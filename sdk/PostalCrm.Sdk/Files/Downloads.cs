using Microsoft.AspNetCore.Mvc;

namespace PostalCrm.Sdk.Files;

public static class Downloads
{
    /// <summary>
    /// Streams a stored file as an attachment under its original (Chinese) name: Content-Disposition carries
    /// <c>filename*=UTF-8''…</c>. Never rendered inline, never content-sniffed.
    /// </summary>
    public static FileStreamResult Attachment(this ControllerBase controller, FileStore files, StoredFile file)
    {
        controller.Response.Headers.XContentTypeOptions = "nosniff";
        return controller.File(files.OpenRead(file), file.ContentType, file.OriginalName);
    }
}
