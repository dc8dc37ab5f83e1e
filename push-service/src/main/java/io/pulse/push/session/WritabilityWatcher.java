package io.pulse.push.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Resumes a connection's writing when its socket drains again after backing up. */
final class WritabilityWatcher extends ChannelInboundHandlerAdapter {

    static final String NAME = "pulse-writability";

    private final Connection connection;

    WritabilityWatcher(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            connection.writer().writable();
        }
        super.channelWritabilityChanged(ctx);
    }
}
