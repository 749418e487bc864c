using Sharpen.Hosting.Models;

namespace Sharpen.Server.Models;

/// <summary>OpenAI's Model object.</summary>
internal sealed record ModelObject(string Id, string Object, long Created, string OwnedBy)
{
    public static ModelObject From(RegisteredModel model) => new(model.Id, "model", model.Created.ToUnixTimeSeconds(), model.OwnedBy);
}

/// <summary>The answer of <c>GET /v1/models</c>.</summary>
internal sealed record ModelList(string Object, IReadOnlyList<ModelObject> Data);
