/** A piece of a message: plain words, or a command or name to type as it is. */
export interface MessagePart {
  text: string;
  code: boolean;
}

/**
 * Messages are written once for the terminal and the app, with commands in backticks
 * ("run `go mod verify`"). The app shows those as code, without the backticks; a lone
 * backtick stays as it is.
 */
export function splitInlineCode(message: string): MessagePart[] {
  const parts: MessagePart[] = [];
  const re = /`([^`\n]+)`/g;
  let at = 0;
  for (let m = re.exec(message); m; m = re.exec(message)) {
    if (m.index > at) parts.push({ text: message.slice(at, m.index), code: false });
    parts.push({ text: m[1]!, code: true });
    at = m.index + m[0].length;
  }
  if (at < message.length) parts.push({ text: message.slice(at), code: false });
  return parts;
}
