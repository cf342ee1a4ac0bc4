import { Anchor, Code, List, Text, Title, Typography } from '@mantine/core';
import Markdown, { type Components } from 'react-markdown';

// Raw HTML in the source is never rendered (react-markdown skips it) and link targets pass its URL filter, so
// instructions written by a manager cannot run script in an assistant's browser.
const COMPONENTS: Components = {
  a: ({ href, children }) => (
    <Anchor href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </Anchor>
  ),
  p: ({ children }) => (
    <Text size="sm" mb={6}>
      {children}
    </Text>
  ),
  h1: ({ children }) => <Title order={4}>{children}</Title>,
  h2: ({ children }) => <Title order={5}>{children}</Title>,
  h3: ({ children }) => <Title order={6}>{children}</Title>,
  ul: ({ children }) => (
    <List size="sm" mb={6}>
      {children}
    </List>
  ),
  ol: ({ children }) => (
    <List type="ordered" size="sm" mb={6}>
      {children}
    </List>
  ),
  li: ({ children }) => <List.Item>{children}</List.Item>,
  code: ({ children }) => <Code>{children}</Code>,
  img: ({ alt }) => <>{alt}</>,
};

/** Instructions written in Markdown, rendered as text with safe links. */
export function MarkdownText({ text }: { text: string }) {
  return (
    <Typography data-testid="markdown">
      <Markdown components={COMPONENTS}>{text}</Markdown>
    </Typography>
  );
}
