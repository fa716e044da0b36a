import { PushEventBridge } from './components/PushEventBridge'
import { Toaster } from './components/Toaster'
import { AppShell } from './features/shell/AppShell'
import { UnauthorizedScreen } from './features/shell/UnauthorizedScreen'
import { useConnectionStore } from './stores/connection-store'

export function App() {
  const unauthorized = useConnectionStore((store) => store.state === 'unauthorized')
  if (unauthorized) return <UnauthorizedScreen />
  return (
    <>
      <PushEventBridge />
      <AppShell />
      <Toaster />
    </>
  )
}
