package wire

// Liveness and readiness, for load balancers and orchestrators: a live hub
// process answers at all; a ready one also reaches its database, whose
// schema is the one this hub expects. RouteHealth stays as it was (ready
// with the database reachable) for stations and older probes.
var (
	RouteLive  = Route{"GET", APIPrefix + "/health/live", "", "Is the hub process up (does not touch the database)"}
	RouteReady = Route{"GET", APIPrefix + "/health/ready", "", "Can the hub serve: database reachable and migrated"}
)

func init() { Routes = append(Routes, RouteLive, RouteReady) }

// HeaderOutbox carries, on a push, how many of the station's events are
// still waiting after the ones in the request (0: this push empties its
// outbox). The console shows the last number each station reported.
const HeaderOutbox = "Stationhand-Outbox"
