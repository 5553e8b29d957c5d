package io.baton.service.session;

import io.baton.api.AVCallState;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.CallMetadata;
import io.baton.api.LoopMode;
import java.util.List;

/** Everything a controller can read about a session at one moment (extras aside: reading them is rate-limited). */
public record SessionSnapshot(
    AVSessionDescriptor descriptor,
    AVMetadata metadata,
    AVPlaybackState playbackState,
    List<AVQueueItem> queueItems,
    String queueTitle,
    List<String> validCommands,
    String launchInfo,
    CallMetadata callMetadata,
    AVCallState callState,
    List<Double> supportedSpeeds,
    List<LoopMode> supportedLoopModes) {}
