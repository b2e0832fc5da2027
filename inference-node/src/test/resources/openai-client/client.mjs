// Drives a Hearth endpoint with the official OpenAI client: completions and chat completions,
// whole and streamed, and an error. Prints one JSON object with what came back.
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.env.HEARTH_BASE_URL, apiKey: process.env.HEARTH_API_KEY ?? "none", maxRetries: 0 });
const out = {};

const completion = await client.completions.create({ model: "hearth-tiny", prompt: "Hello", max_tokens: 12, seed: 7, temperature: 0.8 });
out.completion = { text: completion.choices[0].text, finish: completion.choices[0].finish_reason, usage: completion.usage };

const messages = [{ role: "system", content: "be brief" }, { role: "user", content: "Say hi" }];
const chat = await client.chat.completions.create({ model: "hearth-tiny", messages, max_tokens: 10, seed: 3 });
out.chat = { role: chat.choices[0].message.role, content: chat.choices[0].message.content, finish: chat.choices[0].finish_reason, usage: chat.usage };

const stream = await client.chat.completions.create({ model: "hearth-tiny", messages, max_tokens: 10, seed: 3, stream: true, stream_options: { include_usage: true } });
let content = "";
let finish = null;
let usage = null;
let chunks = 0;
for await (const chunk of stream) {
  chunks++;
  if (chunk.usage) usage = chunk.usage;
  for (const choice of chunk.choices) {
    content += choice.delta?.content ?? "";
    if (choice.finish_reason) finish = choice.finish_reason;
  }
}
out.chatStream = { content, finish, usage, chunks };

const textStream = await client.completions.create({ model: "hearth-tiny", prompt: "Hello", max_tokens: 12, seed: 7, temperature: 0.8, stream: true });
let text = "";
for await (const chunk of textStream) {
  text += chunk.choices[0]?.text ?? "";
}
out.completionStream = { text };

try {
  await client.completions.create({ model: "gpt-9", prompt: "x" });
  out.error = null;
} catch (e) {
  out.error = { status: e.status, code: e.code, message: e.message };
}

process.stdout.write(JSON.stringify(out));
