import { PageHeader } from '../../components/PageHeader'
import { ConfigurationSection } from './ConfigurationSection'
import { ConnectionSection } from './ConnectionSection'
import { EnvironmentSection } from './EnvironmentSection'
import { SecretsSection } from './SecretsSection'
import { TunnelSection } from './TunnelSection'

export function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings">
        Where this console connects, how it is configured, and the credentials it holds.
      </PageHeader>
      <div className="stack stack--loose">
        <EnvironmentSection />
        <ConnectionSection />
        <TunnelSection />
        <ConfigurationSection />
        <SecretsSection />
      </div>
    </>
  )
}
