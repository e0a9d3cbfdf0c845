using P2PMarket.Protos.V1;

namespace P2PMarket.Services.Hosting.Adapters;

/// <summary>A gateway as the coordinator reaches it.</summary>
/// <param name="Name">Name in messages (e.g. "gateway 1 (http://10.0.0.5:50052)").</param>
/// <param name="Client">Client of its channel.</param>
public sealed record GatewayEndpoint(string Name, ProsumerGatewayService.ProsumerGatewayServiceClient Client);
