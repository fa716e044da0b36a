/**
 * A request a loopback server turns away before doing any work: the status to answer with, a
 * message fit for the caller, and headers the status calls for (`WWW-Authenticate` with 401).
 * Each server renders it in its own format (plain text, JSON, a Graph error).
 */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message)
    this.name = 'HttpRefusal'
  }
}
