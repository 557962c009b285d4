export default function Home() {
  return <p>{JSON.stringify({ shape: "next-standalone" })}</p>;
}
