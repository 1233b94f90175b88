package jnc.transfer.tar;

import java.util.Map;

/**
 * One member of a tar stream as read: its name and link name as the archive gives them (after pax
 * and GNU long-name records), its kind, and the pax records jnc reads ({@code comment}).
 */
public record TarEntry(String name, Type type, int mode, long size, long mtime, String linkName, Map<String, String> pax) {

    /** The member kinds; what a receiver does with each is its business (devices and FIFOs are refused). */
    public enum Type {
        FILE('0'), HARDLINK('1'), SYMLINK('2'), CHARDEV('3'), BLOCKDEV('4'), DIRECTORY('5'), FIFO('6'), GLOBAL('g'), OTHER('?');

        public final char flag;

        Type(char flag) {
            this.flag = flag;
        }

        static Type of(byte flag) {
            return switch (flag) {
                case '0', 0, '7' -> FILE;
                case '1' -> HARDLINK;
                case '2' -> SYMLINK;
                case '3' -> CHARDEV;
                case '4' -> BLOCKDEV;
                case '5' -> DIRECTORY;
                case '6' -> FIFO;
                case 'g' -> GLOBAL;
                default -> OTHER;
            };
        }
    }

    /** jnc's record in the standard pax {@code comment} keyword, or {@code null}. */
    public String comment() {
        return pax.get("comment");
    }
}
