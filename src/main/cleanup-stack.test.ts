import { expect, it } from 'vitest'
import { createCleanupStack } from './cleanup-stack'

it('runs each cleanup once, newest first, awaiting each, and goes on after one that throws', async () => {
  const ran: string[] = []
  const reported: unknown[] = []
  const stack = createCleanupStack((error) => reported.push(error))
  stack.push(() => void ran.push('lock'))
  stack.push(async () => {
    await new Promise((resolve) => setTimeout(resolve, 5))
    ran.push('database')
  })
  stack.push(() => {
    throw new Error('the server would not close')
  })
  stack.push(() => void ran.push('worker'))

  const first = stack.close()
  expect(stack.close()).toBe(first)
  await first
  await stack.close()
  expect(ran).toEqual(['worker', 'database', 'lock'])
  expect(reported).toEqual([new Error('the server would not close')])
})
