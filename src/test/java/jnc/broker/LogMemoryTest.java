package jnc.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class LogMemoryTest {
    private long end;

    /** A post of {@code size} bytes of {@code value}, placed as the room's append does. */
    private Room.Post post(LogMemory memory, int size, int value) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) value);
        Room.Post p = new Room.Post(data, 1, Room.EVERYONE);
        end += size + Room.POST_OVERHEAD;
        p.end = end;
        if (memory.place(p, data, 0)) p.bytes = null;
        return p;
    }

    private static byte[] bytesOf(Room.Post p) {
        if (p.block == null) return p.bytes;
        byte[] b = new byte[p.size];
        p.block.memory.get(p.offset, b);
        return b;
    }

    @Test
    void postsFollowOneAnotherInABlockAndKeepTheirBytes() {
        LogMemory memory = new LogMemory(4096, 4);
        Room.Post a = post(memory, 100, 'a');
        Room.Post b = post(memory, 50, 'b');
        assertThat(a.block).isNotNull().isSameAs(b.block);
        assertThat(b.offset).isEqualTo(a.offset + a.size); // a writer sends the two as one buffer
        assertThat(bytesOf(a)).containsOnly('a').hasSize(100);
        assertThat(bytesOf(b)).containsOnly('b').hasSize(50);
    }

    @Test
    void aBigPostStaysOnTheHeap() {
        LogMemory memory = new LogMemory(4096, 4);
        Room.Post big = post(memory, memory.maxPost() + 1, 'x');
        assertThat(big.block).isNull();
        assertThat(big.bytes).hasSize(memory.maxPost() + 1);
        assertThat(memory.blocks()).isZero();
    }

    @Test
    void whenEveryBlockIsInUsePostsStayOnTheHeapAndNothingIsOverwritten() {
        LogMemory memory = new LogMemory(4096, 2);
        List<Room.Post> posts = new ArrayList<>();
        for (int i = 0; i < 12; i++) posts.add(post(memory, memory.maxPost(), 'a' + i)); // 4 a block
        assertThat(memory.blocks()).isEqualTo(2);
        assertThat(posts.subList(0, 8)).allMatch(p -> p.block != null);
        assertThat(posts.subList(8, 12)).allMatch(p -> p.block == null && p.bytes != null);
        for (int i = 0; i < 12; i++) assertThat(bytesOf(posts.get(i))).containsOnly('a' + i);
    }

    @Test
    void aBlockIsReusedOnlyOnceEveryWriterPassedItsLastPost() {
        LogMemory memory = new LogMemory(4096, 2);
        List<Room.Post> first = new ArrayList<>();
        for (int i = 0; i < 4; i++) first.add(post(memory, memory.maxPost(), 'a')); // fills block 1
        Room.Post second = post(memory, memory.maxPost(), 'b');                  // block 2 becomes current
        memory.release(first.get(2).end);            // not past the last post of block 1
        assertThat(memory.freeBlocks()).isZero();
        memory.release(first.get(3).end);
        assertThat(memory.freeBlocks()).isEqualTo(1);
        for (int i = 0; i < 3; i++) post(memory, memory.maxPost(), 'c'); // fill block 2
        Room.Post reused = post(memory, memory.maxPost(), 'd');
        assertThat(reused.block).isSameAs(first.get(0).block);
        assertThat(bytesOf(second)).containsOnly('b'); // the current block is never given back
        memory.release(reused.end);
        assertThat(memory.freeBlocks()).isEqualTo(1); // block 2 only: block 1 is current again
    }
}
