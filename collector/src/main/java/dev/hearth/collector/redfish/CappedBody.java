package dev.hearth.collector.redfish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit. Past the limit (or when Content-Length announces more)
 * it cancels the download, so a BMC that streams without end costs at most {@code limit} bytes.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final OptionalLong announced;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    CappedBody(int limit, OptionalLong contentLength) {
        this.limit = limit;
        this.announced = contentLength;
    }

    static HttpResponse.BodyHandler<byte[]> handler(int limit) {
        return info -> new CappedBody(limit, info.headers().firstValueAsLong("Content-Length"));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (announced.isPresent() && announced.getAsLong() > limit) {
            s.cancel();
            body.completeExceptionally(new TooLarge(limit, announced));
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            if ((long) buffer.size() + b.remaining() > limit) {
                subscription.cancel();
                body.completeExceptionally(new TooLarge(limit, OptionalLong.empty()));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            buffer.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(buffer.toByteArray());
    }

    /** The body was, or was announced to be, larger than the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(int limit, OptionalLong announced) {
            super(announced.isPresent()
                    ? "announced a body of " + announced.getAsLong() + " bytes, more than the limit of " + limit
                    + " bytes"
                    : "sent a body of more than " + limit + " bytes, the limit");
        }
    }
}
