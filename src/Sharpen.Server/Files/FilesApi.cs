using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Sharpen.Hosting;
using Sharpen.Hosting.Files;
using Sharpen.Server.Auth;
using Sharpen.Server.Errors;

namespace Sharpen.Server.Files;

/// <summary>
/// <c>/v1/files</c>: upload (multipart, streamed to disk, checked for its purpose), list, retrieve, delete and download.
/// Every lookup is scoped to the caller's project, so another project's file id answers 404 like an unknown one.
/// </summary>
internal static class FilesApi
{
    /// <summary>Multipart framing allowed on top of the file itself before the body is refused outright.</summary>
    public const long MultipartOverheadBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/files");
        group.MapPost("/", UploadFile);
        group.MapGet("/", ListFiles);
        group.MapGet("/{id}", GetFile);
        group.MapDelete("/{id}", DeleteFile);
        group.MapGet("/{id}/content", GetFileContent);
        group.MapGet("/{id}/report", GetFileReport);
        return routes;
    }

    public static async Task<Results<Ok<FileObject>, ApiError>> UploadFile(HttpContext context, SharpenHost host)
    {
        var request = context.Request;
        var store = host.Files;
        if (request.ContentLength > store.MaxUploadBytes + MultipartOverheadBytes)
        {
            return ApiError.TooLarge($"The request is {request.ContentLength} bytes; the upload limit is {store.MaxUploadBytes} bytes.", "file");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return ApiError.BadRequest("Uploads must be sent as multipart/form-data with a 'file' and a 'purpose' field.", "file");
        }

        var ct = context.RequestAborted;
        var reader = new MultipartReader(boundary, request.Body);
        IncomingFile? incoming = null;
        try
        {
            string? purpose = null;
            string? fileName = null;
            while (await reader.ReadNextSectionAsync(ct).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "file" && disposition.IsFileDisposition())
                {
                    incoming?.Dispose();
                    fileName = CleanFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                    incoming = await store.ReceiveAsync(section.Body, ct).ConfigureAwait(false);
                }
                else if (name == "purpose")
                {
                    purpose = await ReadFieldAsync(section.Body, ct).ConfigureAwait(false);
                }
                else
                {
                    await section.Body.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
                }
            }

            if (incoming is null)
            {
                return ApiError.MissingParameter("file");
            }

            if (string.IsNullOrEmpty(purpose))
            {
                return ApiError.MissingParameter("purpose");
            }

            if (!FilePurposes.Uploadable.Contains(purpose))
            {
                return ApiError.BadRequest(
                    $"Invalid value for 'purpose': '{purpose}'. Supported values are: {string.Join(", ", FilePurposes.Uploadable.Select(p => $"'{p}'"))}.",
                    "purpose", "invalid_value");
            }

            var stored = store.Commit(incoming, ApiKeyMiddleware.KeyOf(context).Project, fileName ?? "upload", purpose);
            return TypedResults.Ok(FileObject.From(stored));
        }
        catch (InvalidDataException ex)
        {
            // MultipartReader's complaint about a malformed body (missing boundary, oversized headers).
            return ApiError.BadRequest("The multipart body could not be read: " + ex.Message, "file");
        }
        finally
        {
            incoming?.Dispose();
        }
    }

    public static Results<Ok<FileList>, ApiError> ListFiles(HttpContext context, SharpenHost host, string? purpose, string? limit, string? order, string? after)
    {
        var query = new FileListQuery { Purpose = purpose, After = string.IsNullOrEmpty(after) ? null : after };
        if (limit is not null)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > FileListQuery.MaxLimit)
            {
                return ApiError.BadRequest($"Invalid 'limit': '{limit}' is not an integer between 1 and {FileListQuery.MaxLimit}.", "limit", "invalid_value");
            }

            query = query with { Limit = n };
        }

        if (order is not null)
        {
            if (order is not ("asc" or "desc"))
            {
                return ApiError.BadRequest($"Invalid 'order': '{order}'. Use 'asc' or 'desc'.", "order", "invalid_value");
            }

            query = query with { Ascending = order == "asc" };
        }

        var page = host.Files.List(ApiKeyMiddleware.KeyOf(context).Project, query);
        var data = page.Files.Select(FileObject.From).ToList();
        return TypedResults.Ok(new FileList("list", data, data.FirstOrDefault()?.Id, data.LastOrDefault()?.Id, page.HasMore));
    }

    public static Results<Ok<FileObject>, ApiError> GetFile(string id, HttpContext context, SharpenHost host) =>
        host.Files.Get(ApiKeyMiddleware.KeyOf(context).Project, id) is { } file ? TypedResults.Ok(FileObject.From(file)) : NoSuchFile(id);

    public static Results<Ok<FileDeleted>, ApiError> DeleteFile(string id, HttpContext context, SharpenHost host) =>
        host.Files.Delete(ApiKeyMiddleware.KeyOf(context).Project, id) ? TypedResults.Ok(new FileDeleted(id, "file", true)) : NoSuchFile(id);

    public static Results<FileStreamHttpResult, ApiError> GetFileContent(string id, HttpContext context, SharpenHost host)
    {
        if (host.Files.Get(ApiKeyMiddleware.KeyOf(context).Project, id) is not { } file)
        {
            return NoSuchFile(id);
        }

        return TypedResults.File(host.Files.OpenRead(file), "application/octet-stream", file.FileName);
    }

    /// <summary>
    /// Sharpen's extension <c>GET /v1/files/{id}/report</c>: the data step's validation and statistics report on a
    /// <c>fine-tune</c> upload, as made at upload; with <c>?model=NAME</c>, analysed again with that model's tokenizer
    /// and chat template for token statistics and the context-length check.
    /// </summary>
    public static Results<Ok<FileReport>, ApiError> GetFileReport(string id, HttpContext context, SharpenHost host, string? model)
    {
        if (host.Files.Get(ApiKeyMiddleware.KeyOf(context).Project, id) is not { } file)
        {
            return NoSuchFile(id);
        }

        string? modelDirectory = null;
        if (!string.IsNullOrEmpty(model))
        {
            if (host.Models.Find(model) is not { } registered)
            {
                return ApiError.ModelNotFound(model);
            }

            modelDirectory = registered.Directory;
        }

        if (host.Files.Report(file, modelDirectory) is not { } json)
        {
            return ApiError.NotFound(
                $"File {id} has no dataset report: only files uploaded with purpose 'fine-tune' are checked, and this one has purpose '{file.Purpose}'.",
                "id", "report_not_found");
        }

        using var report = JsonDocument.Parse(json);
        return TypedResults.Ok(new FileReport("file.report", file.Id, file.FileName, string.IsNullOrEmpty(model) ? null : model, report.RootElement.Clone()));
    }

    private static ApiError NoSuchFile(string id) => ApiError.NotFound($"No such File object: {id}", "id");

    // The name is metadata only (it never reaches the filesystem); keep its last segment and a sane length.
    private static string? CleanFileName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var last = name[(name.LastIndexOfAny(['/', '\\']) + 1)..].Trim();
        var clean = new string([.. last.Where(c => !char.IsControl(c))]);
        return clean.Length == 0 ? null : clean.Length > 255 ? clean[..255] : clean;
    }

    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        // A form field is a short value; refuse to buffer more than a few KiB of it.
        var buffer = new byte[4096];
        var total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total == buffer.Length)
            {
                throw new InvalidDataException("a form field is longer than 4 KiB.");
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, total).Trim();
    }
}
