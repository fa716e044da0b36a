// The core's tests use the same helpers as the relay's and the sandbox's.
export { errorOf, failure } from '@server-kit/testing/failure'
