export function App() {
  return (
    <main>
      <h1>Hypomos</h1>
    </main>
  );
}
