// No favicon: a page that asks for none fetches none.
export const metadata = { title: 'CallingBox webhooks in Next.js', icons: { icon: 'data:,' } };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
