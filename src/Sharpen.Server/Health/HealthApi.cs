using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Sharpen.Server.Health;

/// <summary><c>GET /health</c>: liveness for load balancers and scripts; the only route without an API key.</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", GetHealth);
        return routes;
    }

    public static Ok<HealthStatus> GetHealth() => TypedResults.Ok(new HealthStatus("ok"));
}

/// <summary>The health answer.</summary>
internal sealed record HealthStatus(string Status);
