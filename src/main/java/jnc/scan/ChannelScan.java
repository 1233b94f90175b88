package jnc.scan;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;

import jnc.base.Failure;
import jnc.base.IoErrors;

/**
 * A scan with JDK channels on one selector: UDP scans, and TCP scans where Linux's own calls are
 * not available (see {@link NativeTcpScan}). The {@link Probe} knows how to ask and to read the answer.
 */
final class ChannelScan extends ScanLoop {
    private static final class ChannelPending extends Pending {
        final SelectableChannel channel;

        ChannelPending(int index, int address, SelectableChannel channel) {
            super(index, address);
            this.channel = channel;
        }
    }

    private final Probe probe;
    private final Selector selector;

    ChannelScan(Probe probe, List<InetAddress> targets, int[] ports, long waitNanos, int window, Report report) throws IOException {
        super(targets, ports, waitNanos, probe.periods(), window, report, new PortClaims(ports.length)::fromBottom);
        this.probe = probe;
        this.selector = Selector.open();
    }

    @Override
    Pending launch(int index, int address) throws IOException {
        InetSocketAddress target = new InetSocketAddress(targets.get(address), ports[index]);
        SelectableChannel ch;
        try {
            ch = probe.open(target);
        } catch (IOException e) {
            // Out of descriptors or buffers: this machine's trouble, no verdict about the port.
            throw Failure.network("cannot open a socket for port " + ports[index] + ": " + IoErrors.describe(e));
        }
        Outcome o;
        try {
            o = probe.ask(ch, target);
        } catch (IOException e) {
            o = Outcome.of(e);
        } catch (RuntimeException e) {
            close(ch);
            throw e;
        }
        if (o != null) {
            close(ch);
            settle(index, address, o);
            return null;
        }
        ChannelPending p = new ChannelPending(index, address, ch);
        ch.register(selector, probe.interest(), p);
        return p;
    }

    @Override
    void await(long millis) throws IOException {
        selector.select(this::ready, millis);
    }

    private void ready(SelectionKey key) {
        ChannelPending p = (ChannelPending) key.attachment();
        if (p.done) return;
        Outcome o;
        try {
            o = probe.check(p.channel);
        } catch (IOException e) {
            o = Outcome.of(e);
        }
        if (o != null) finish(p, o);
    }

    @Override
    Outcome expired(Pending p, boolean last) {
        try {
            return probe.expired(((ChannelPending) p).channel, last);
        } catch (IOException e) {
            return Outcome.of(e);
        }
    }

    @Override
    void release(Pending p) {
        close(((ChannelPending) p).channel);
    }

    @Override
    void closeAll() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to report
        }
    }

    private static void close(SelectableChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // a probe's socket: nothing left to say about it
        }
    }
}
