using Sharpen.Core.Conversations;
using Sharpen.Data.Cleaning;

namespace Sharpen.Data.Analysis;

/// <summary>An example that passed every rule, in input order (<see cref="Ordinal"/> counts kept examples from 0).</summary>
internal sealed record KeptExample(int Ordinal, Conversation Conversation, ExampleText Text);
