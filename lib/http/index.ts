/** Helpers shared by the route handlers of every service (app/api/**). */
export { jsonProblem, type RouteContext, routeFailure, routeParamOf } from "./route-helpers";
