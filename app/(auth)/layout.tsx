/** Pages for signed-out people: no navigation, no data. */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-ice-950 px-4 py-12">
      <div className="w-full max-w-sm">{children}</div>
    </main>
  );
}
