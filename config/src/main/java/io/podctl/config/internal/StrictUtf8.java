package io.podctl.config.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decodes a file's bytes as UTF-8 and refuses, rather than replaces, what is not. Pure. */
public final class StrictUtf8 {
    private StrictUtf8() {
    }

    /**
     * @param display  the file's name in messages
     * @return the text, or null after recording the {@code encoding} problem
     */
    public static String decode(byte[] bytes, Problems problems, String display) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.error(Loc.of(display), "encoding", "the file is not valid UTF-8");
            return null;
        }
    }
}
