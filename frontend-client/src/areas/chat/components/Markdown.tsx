import { Typography } from "@mantine/core";
import { forwardRef, memo } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import classes from "./chat.module.css";

// Links open in a new tab and never carry the page's referrer; images from elsewhere are not loaded (the
// page may only reach our own server): they show as their alt text.
const components: Components = {
  a: ({ children, href }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
  img: ({ alt }) => <span>{alt ? `[${alt}]` : ""}</span>,
};

/** An answer rendered as markdown (GitHub flavour: tables, task lists, strikethrough), code in blocks. */
export const Markdown = memo(
  forwardRef<HTMLDivElement, { text: string }>(function Markdown({ text }, ref) {
    return (
      <Typography className={classes.markdown} ref={ref}>
        <ReactMarkdown remarkPlugins={[remarkGfm]} components={components} skipHtml>
          {text}
        </ReactMarkdown>
      </Typography>
    );
  }),
);
