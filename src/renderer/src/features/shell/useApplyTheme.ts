import { useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { settingsViewQuery } from '../../queries/settings-queries'

type Theme = 'system' | 'light' | 'dark'

const toTheme = (value: string | null | undefined): Theme =>
  value === 'light' || value === 'dark' ? value : 'system'

/**
 * Applies the `theme` setting to <html data-theme>. 'system' leaves the choice to
 * prefers-color-scheme in the stylesheet.
 */
export function useApplyTheme(): void {
  const { data: theme } = useQuery({
    ...settingsViewQuery(),
    select: (view) => toTheme(view.entries.find((entry) => entry.key === 'theme')?.value),
  })
  useEffect(() => {
    document.documentElement.dataset.theme = theme ?? 'system'
  }, [theme])
}
