package dev.hearth.node.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.node.serving.Ticket;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one generation in OpenAI's shapes: whole ({@code text_completion} / {@code chat.completion})
 * or as server-sent events ({@code data: <chunk>} per piece of text, a last chunk with the
 * {@code finish_reason}, optionally one with {@code usage}, then {@code data: [DONE]}). A client that
 * goes away mid-stream cancels the generation at the next token.
 */
final class ResponseWriter {
    /** Longest wait for the next token before the request is abandoned. */
    private static final long TOKEN_TIMEOUT_MS = 120_000;

    private final ObjectMapper json;
    private final boolean chat;
    private final String id;
    private final long created;
    private final String model;
    private GenerationStream.End end;

    ResponseWriter(ObjectMapper json, boolean chat, String id, long created, String model) {
        this.json = json;
        this.chat = chat;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    /** Token counts once the generation ended, else null. */
    GenerationStream.End usage() {
        return end;
    }

    /** Waits for the whole generation and answers it as one JSON object; returns the outcome. */
    String whole(Context ctx, GenerationStream stream, Ticket ticket) throws InterruptedException {
        StringBuilder text = new StringBuilder();
        while (true) {
            GenerationStream.Event e = stream.next(TOKEN_TIMEOUT_MS);
            if (e == null) {
                ticket.cancel();
                throw new ApiException(504, "server_error", null, "timeout", "no token for " + TOKEN_TIMEOUT_MS / 1000 + " s");
            }
            if (e instanceof GenerationStream.Delta d) {
                text.append(d.text());
            } else if (e instanceof GenerationStream.Failure f) {
                throw new ApiException(500, "server_error", null, null, "generation failed: " + f.error().getMessage());
            } else {
                end = (GenerationStream.End) e;
                ObjectNode body = envelope(chat ? "chat.completion" : "text_completion");
                ObjectNode choice = body.putArray("choices").addObject();
                choice.put("index", 0);
                if (chat) {
                    choice.putObject("message").put("role", "assistant").put("content", text.toString());
                } else {
                    choice.put("text", text.toString());
                }
                choice.putNull("logprobs");
                choice.put("finish_reason", end.reason().apiName());
                body.set("usage", usage(end));
                ctx.contentType("application/json").result(body.toString());
                return "ok";
            }
        }
    }

    /** Streams the generation as server-sent events; returns the outcome. */
    String stream(Context ctx, GenerationStream stream, Ticket ticket, boolean includeUsage) throws InterruptedException {
        ctx.status(200).contentType("text/event-stream; charset=utf-8").header("Cache-Control", "no-cache");
        try {
            OutputStream out = ctx.res().getOutputStream();
            if (chat) {
                ObjectNode first = chunk("", null); // announces the assistant role, as OpenAI's first chunk does
                ((ObjectNode) first.get("choices").get(0).get("delta")).put("role", "assistant").put("content", "");
                send(out, first);
            }
            while (true) {
                GenerationStream.Event e = stream.next(TOKEN_TIMEOUT_MS);
                if (e == null) {
                    ticket.cancel();
                    return "error";
                }
                if (e instanceof GenerationStream.Delta d) {
                    send(out, chunk(d.text(), null));
                } else if (e instanceof GenerationStream.Failure f) {
                    ObjectNode error = json.createObjectNode();
                    error.putObject("error").put("message", "generation failed: " + f.error().getMessage())
                            .put("type", "server_error");
                    send(out, error);
                    return "error";
                } else {
                    end = (GenerationStream.End) e;
                    send(out, chunk("", end.reason().apiName()));
                    if (includeUsage) {
                        ObjectNode last = envelope(chat ? "chat.completion.chunk" : "text_completion");
                        last.putArray("choices");
                        last.set("usage", usage(end));
                        send(out, last);
                    }
                    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return "ok";
                }
            }
        } catch (IOException clientGone) {
            ticket.cancel();
            return "cancelled";
        }
    }

    private ObjectNode chunk(String text, String finishReason) {
        ObjectNode c = envelope(chat ? "chat.completion.chunk" : "text_completion");
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0);
        if (chat) {
            ObjectNode delta = choice.putObject("delta");
            if (!text.isEmpty()) {
                delta.put("content", text);
            }
        } else {
            choice.put("text", text);
        }
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return c;
    }

    private ObjectNode envelope(String object) {
        ObjectNode o = json.createObjectNode();
        o.put("id", id);
        o.put("object", object);
        o.put("created", created);
        o.put("model", model);
        return o;
    }

    private ObjectNode usage(GenerationStream.End e) {
        ObjectNode u = json.createObjectNode();
        u.put("prompt_tokens", e.promptTokens());
        u.put("completion_tokens", e.completionTokens());
        u.put("total_tokens", e.promptTokens() + e.completionTokens());
        return u;
    }

    private static void send(OutputStream out, ObjectNode data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
