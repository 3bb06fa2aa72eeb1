// Package reach answers "can A talk to B on this port?" over a model.Architecture, with
// AWS's documented semantics, and explains every answer hop by hop.
//
// What it evaluates, in the order a packet meets it:
//
//   - Security groups: allow-only and stateful; the sending interface's egress rules, then
//     the receiving interface's ingress rules (CIDR, security-group reference and prefix-list
//     peers). Replies are not checked (stateful).
//   - Route tables: the subnet's effective table (explicit association, else the VPC's main
//     table), longest prefix match; the local route; prefix-list destinations (gateway
//     endpoints; AWS adds their routes itself, so a gateway endpoint that names a table
//     counts as a route in it); blackhole routes drop. Targets: internet gateway, NAT gateway,
//     NAT instance (instance or interface target with source/destination check off), VPC
//     endpoint, transit gateway, peering, virtual private gateway.
//   - Network ACLs: rule-number order, first match wins, protocol/port/CIDR (IPv4 and IPv6);
//     only when traffic crosses a subnet boundary; stateless, so the reply is checked again
//     in the reverse direction on the client's ephemeral ports (NET-07): MWAA's containers
//     run Amazon Linux (32768-60999); NAT gateways and load balancers use 1024-65535; any
//     other client (an instance, a VPN user's laptop, an internet host) runs an OS the input
//     does not say, so replies are allowed when all of 1024-65535 is, undetermined
//     (CLIENT_OS) when only a common OS's range (Linux 32768-60999, Windows 49152-65535) is,
//     and dropped otherwise.
//   - DNS: service:NAME resolves, inside a VPC, to the ENIs of an interface endpoint with
//     private DNS (which also needs the VPC's DNS support and DNS hostnames); without private
//     DNS it resolves to the service's public addresses, which need a route out.
//   - Client VPN: the client CIDR, authorization rules, the endpoint's routes and its
//     target-network associations; traffic then leaves the endpoint's ENI in the target
//     subnet, source-translated, under the endpoint's security groups.
//
// Places. A query names places instead of IDs: env (the environment's interfaces, one per
// subnet), webserver and database (MWAA's endpoints; in SERVICE mode MWAA creates them in
// the environment's subnets with the environment's security groups, which is how they are
// modelled when the input has no interfaces for them), service:NAME, internet, vpn (a
// Client VPN client), corporate (behind a virtual private gateway or transit gateway, else
// the Client VPN), and any resource ID, IP address or CIDR. A place may stand for several
// interfaces; a query is reachable only when every source interface reaches every
// destination interface (DNS may hand out any endpoint address).
//
// Answers have three states: reachable, not reachable (some component definitely drops
// the traffic) and undetermined (a decision needs a value the input does not give: a CIDR
// that is a template parameter, an ACL the snapshot does not show). When the traffic does
// not get through, the walk goes on along the path that would work as if each blocking
// component were fixed, so the explanation lists every blocker, not only the first.
//
// Decisions where AWS leaves a choice: an unset web server access mode is PRIVATE_ONLY
// (the API's default). In PUBLIC_ONLY the webserver place is MWAA's public web server
// endpoint, outside the VPC, behind IAM sign-in: the internet reaches it and VPN clients
// reach it over their own internet connection when split tunnel is on. A place that is a
// subnet or an address with no known interface has no security groups: those checks are
// reported as skipped.
//
// More decisions:
//
//   - A misspelt service (service:sqss) is an unknown place with a suggestion; a name close
//     to no service mwaanet knows is still traced (AWS has more services than it lists).
//
//   - The internet to the environment, its database endpoint or its PRIVATE_ONLY web server
//     must stay blocked: the blocks are listed as what keeps it closed, without fixes.
//
//   - Load balancers: see lb.go; ways in to the web server: see webaccess.go.
//
//   - A Client VPN client's traffic follows the endpoint's longest matching route (the
//     first in input order among equals) out of that route's target subnet.
//
//   - corporate is the network behind the environment VPC's virtual private gateway or
//     transit gateway; its address is the first route to that gateway (else unknown). With
//     neither, it is the Client VPN's clients.
//
//   - A private address outside every VPC, Client VPN and corporate range is a remote host:
//     routes may lead towards it, but what lies beyond a transit gateway or peering
//     connection outside the input is undetermined, never assumed.
//
//   - Traffic entering through a gateway with an edge-associated route table (ingress
//     routing) that sends it to an appliance is undetermined: appliances are not modelled.
//
//   - A CUSTOMER-managed MWAA endpoint that the input does not have blocks with
//     MWAA_ENDPOINT_MISSING (EPM-02); the path it would have is still traced.
//
//   - Endpoint and bucket policies are not evaluated: reach is about the network.
//
// reach reads the model only; it never reads files or calls AWS.
package reach
