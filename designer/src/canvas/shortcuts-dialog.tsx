import { Group, Kbd, Modal, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from './shortcuts';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function ShortcutsDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('shortcuts.title')} data-testid="shortcuts-dialog">
      <Table>
        <Table.Tbody>
          {SHORTCUTS.map((shortcut) => (
            <Table.Tr key={shortcut.keys.join('+')}>
              <Table.Td>
                <Group gap={4}>
                  {shortcut.keys.map((key) => (
                    <Kbd key={key}>
                      {key === 'mod'
                        ? isMac
                          ? '⌘'
                          : 'Ctrl'
                        : key === 'drag' || key === 'click'
                          ? t(`shortcuts.${key}`)
                          : key}
                    </Kbd>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{t(`shortcuts.${shortcut.action}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
