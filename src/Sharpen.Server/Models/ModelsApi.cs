using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sharpen.Hosting;
using Sharpen.Server.Errors;

namespace Sharpen.Server.Models;

/// <summary><c>/v1/models</c>: the base models the server can run (fine-tuned <c>ft:</c> models join them later).</summary>
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

    public static Ok<ModelList> ListModels(SharpenHost host) =>
        TypedResults.Ok(new ModelList("list", [.. host.Models.List().Select(ModelObject.From)]));

    public static Results<Ok<ModelObject>, ApiError> GetModel(string id, SharpenHost host) =>
        host.Models.Find(id) is { } model ? TypedResults.Ok(ModelObject.From(model)) : ApiError.ModelNotFound(id);
}
