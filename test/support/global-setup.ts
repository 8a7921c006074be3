// Filled in with the database templates; kept so unit tests can run before it exists.
export default async function setup(): Promise<void> {}
