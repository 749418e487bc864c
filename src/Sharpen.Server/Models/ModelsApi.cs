using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sharpen.Hosting;
using Sharpen.Server.Auth;
using Sharpen.Server.Errors;

namespace Sharpen.Server.Models;

/// <summary>
/// <c>/v1/models</c>: the base models and the caller's project's fine-tuned <c>ft:</c> models; a checkpoint's
/// <c>ft:…:ckpt-step-N</c> name is not listed but resolves. Another project's fine-tuned model answers 404.
/// </summary>
internal static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/models");
        group.MapGet("/", ListModels);
        // Model ids may contain '/' (a registered "org/name"), so the id takes the rest of the path.
        group.MapGet("/{**id}", GetModel);
        return routes;
    }

    public static Ok<ModelList> ListModels(HttpContext context, SharpenHost host) =>
        TypedResults.Ok(new ModelList("list", [.. host.ModelsFor(ApiKeyMiddleware.KeyOf(context).Project).Select(ModelObject.From)]));

    public static Results<Ok<ModelObject>, ApiError> GetModel(string id, HttpContext context, SharpenHost host) =>
        host.FindModelFor(ApiKeyMiddleware.KeyOf(context).Project, id) is { } model ? TypedResults.Ok(ModelObject.From(model)) : ApiError.ModelNotFound(id);
}
