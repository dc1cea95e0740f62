// Every UI string goes through tr(S::...) so a second language is one more column.
// Content (notes) is localized by folder instead: content/<lang>/.
#pragma once
#include <initializer_list>
#include <string>

namespace tmx {

enum class Lang { En, Count };

enum class S {
  AppTitle, Home, Notes, Cinema, Lab, ThemeDark, ThemeLight, Language, LangEnglish, Menu,
  HomeTagline, HomeIntro, HomeNotesCard, HomeCinemaCard, HomeLabCard, Open,
  BuildInfo, Version, Platform, Built, Revision, FrameTime, Fps, FrameWork, DisplayScale,
  NotesIndexTitle, NotesIndexIntro, NotesEmpty, Chapter,
  CinemaIndexTitle, CinemaIndexIntro, CinemaEmpty,
  LabIndexTitle, LabIndexIntro, LabEmpty,
  NotFoundTitle, NotFoundBody, BackHome, UnknownNote, UnknownScene, UnknownWidget,
  OpenStandalone, CopyLink, CopyEmbed, Copied, Loading, Warning,
  SearchNotes, NoResults, OnThisPage, PreviousChapter, NextChapter, AllChaptersOnePage,
  // Note chrome: callouts, code blocks, directive cards and the error boxes of notes and videos
  NoteCalloutNote, NoteCalloutTip, NoteCalloutImportant, NoteCalloutWarning, NoteCalloutCaution, NoteCodeCopy,
  NoteWidgetLabel, NoteVideoLabel, NoteOpenInLab, NoteDirectiveProblems, NoteWidgetUnknown, NoteNone,
  NoteNotKeyValue, NoteDirectiveNoName, NoteNestedTooDeep, NoteBlockCut, NoteParserStopped, NoteMathMissing,
  NoteMathMissingTip, NoteImageOutside, NoteImageFailed, NoteFigureBadName, NoteFigureMissing,
  VideoNameBad, VideoNameEmpty, VideoNameLong, VideoNameFolders, VideoNameDots, VideoNameExt, VideoNameFirst,
  VideoNameChars,
  // Scene player (Cinema and inline in notes)
  ScenePlay, ScenePause, SceneLoop, SceneSpeed, ScenePrevChapter, SceneNextChapter, SceneFullscreen,
  SceneOpenInCinema, SceneBlockLabel, SceneTimeOf, SceneAtTime, SceneAtTimeChapter, SceneCardMeta,
  SceneStageHint, SceneKeysHint, SceneNotice, SceneTNotNumber, SceneTOutside, SceneSpeedInvalid,
  SceneUnknown, SceneParamChapter, SceneParamLoop, SceneParamUnknown, SceneParamBoth,
  VideoToggle, VideoToggleTip, VideoPlay, VideoPause, VideoMute, VideoUnmute, VideoLoading,
  VideoUnavailable, VideoWebOnly, VideoMissing, VideoFailed, VideoLiveFallback,
  // Lab widgets: parameter messages, then each widget's labels, help, headings and messages
  KitExport, KitExportPng, KitExportCsv,
  ParamNotNumber, ParamOutside, ParamTooMany, ParamNotNumbers, ParamListClamped, ParamNoValues, ParamTooFew,
  ParamNotOption, ParamTooLong, ParamUnknown, ParamNotUtf8, WSoftmaxT, WSoftmaxTHelp, WSoftmaxLogits, WSoftmaxReset,
  WSoftmaxTop, WSoftmaxEdit, WKitHeatmapSize, WKitHeatmapSizeHelp, WKitSoftmaxRows, WKitTemperature, WExTokens,
  WExTokensHelp, WExD, WExDv, WExX, WExXHelp, WExQ, WExK, WExV, WExCausal, WExQuery, WExIntro, WExReset,
  WExMasked, WExWeights, WExWhereLooks, WExPickQuery, WExOut, WExTokenCount, WExWrongCount, WLabText,
  WLabTokenizer, WLabTokChars, WLabTokGpt2, WLabModel, WLabModelHelp, WLabRandomGpt, WLabNoModels,
  WLabNoSuchModel, WLabSeed, WLabLayers, WLabHeads, WLabWidth, WLabWidthHelp, WLabWidthMultiple, WLabLayer,
  WLabHead, WLabCausal, WLabQuery, WLabStepThrough, WLabStage, WLabTab, WLabTabPipeline, WLabTabHeads,
  WLabTabExample, WLabAblate, WLabStageEmbeddings, WLabStageQkv, WLabStageScores, WLabStageScaled,
  WLabStageMasked, WLabStageWeights, WLabStageOutput, WLabStageOf, WLabEmptyText, WLabTrainedNote,
  WLabRandomNote, WLabModelFailed, WLabTextCut, WLabLinkCut, WLabComputing, WLabComputingPrev, WLabRandomHint,
  WLabTokensLine, WLabTokEmb, WLabPosEmb, WLabInputLayer0, WLabInputLayerN, WLabQkvName, WLabScaleLine,
  WLabMaskOff, WLabHeadOutput, WLabPickToken, WLabWhereLooks, WLabNextTokens, WLabAblated, WLabHeadsIntro,
  WLabLayerN, WLabZeroHead, WLabGpt2Unavailable, WLabIdOutside, WLabNotGpt, WLabCouldNotCompute,
  WSimN, WSimA, WSimAHelp, WSimB, WSimC, WSimD, WSimDelta, WSimDisc, WSimZoh,
  WSimBilinear, WSimEuler, WSimMode, WSimLti, WSimSelective, WSimBRule, WSimBRuleHelp, WSimBMamba, WSimBZoh,
  WSimBMambaLine, WSimBZohLine, WSimSignal, WSimSigImpulse, WSimSigStep, WSimSigSine, WSimSigSquare,
  WSimSigNoise, WSimSigDrawn, WSimSigText, WSimSigList, WSimL, WSimFreq, WSimSeed, WSimDrawn, WSimText,
  WSimTextHint, WSimList, WSimListHelp, WSimWd, WSimBd, WSimWB, WSimWC, WSimWrongCount, WSimDrawHint,
  WSimClearDrawing, WSimStabilityHeading, WSimSelStable, WSimDeltaRange, WSimAlwaysStable, WSimEulerStable,
  WSimRadius, WSimStable, WSimUnstable, WSimEulerLimit, WSimPerState, WSimCheckHeading, WSimColMethod,
  WSimColLast, WSimColDiff, WSimRowRecurrence, WSimRowRecurrenceSel, WSimRowConv, WSimRowConvNa, WSimRowScan,
  WSimKernelLine,
  WFfnAct, WFfnActHelp, WFfnActRelu, WFfnActGelu, WFfnActGeluTanh, WFfnActSilu, WFfnActSwiglu, WFfnD, WFfnDHelp,
  WFfnRatio, WFfnRatioHelp, WFfnMultiple, WFfnMultipleHelp, WFfnXmax, WFfnDeriv, WFfnTiny, WFfnTinyHelp,
  WFfnSeed, WFfnValue, WFfnSlope, WFfnCurves, WFfnDerivs, WFfnSurface, WFfnCostHeading, WFfnPlainLine,
  WFfnParamsLine, WFfnFlopsLine, WFfnGatedLine, WFfnParamsGated, WFfnVsPlain, WFfnTinyHeading, WFfnTinyTooWide,
  WFfnTinyLine, WFfnTokenX, WFfnPre, WFfnGatePre, WFfnUp, WFfnHidden, WFfnHiddenGated, WFfnOut,
  WNormsX, WNormsXHelp, WNormsGamma, WNormsGammaHelp, WNormsBeta, WNormsBetaHelp, WNormsDepth,
  WNormsDepthHelp, WNormsSeed, WNormsStepsHeading, WNormsLayerNorm, WNormsRmsNorm, WNormsLnStats,
  WNormsRmsStats, WNormsStackHeading, WNormsPost, WNormsPre, WNormsLayer, WNormsGradNorm, WNormsSummary,
  WNormsStackNote, WNormsRowX, WNormsRowCentered, WNormsRowNormalized, WNormsRowRmsNormalized, WNormsRowOut,
  WNormsRowRmsOut,
  ModelUnknown, ModelFileMissing, ModelNotHere, ModelDownloadFailed, ModelFileSize, ModelFileHash, ModelDownloading, ModelVerifying,
  WLabTokModel, WLabHeadPrev, WLabHeadFirst, WLabHeadCurrent, WLabHeadInduction, WLabHeadDiffuse, WLabHeadMixed, WLabHeadScores, WLabHeadsLegend, WLabHeadsNoCausal,
  WGenModel, WGenPrompt, WGenSeed, WGenTemperature, WGenTemperatureHelp, WGenTopK, WGenTopKHelp, WGenTopP, WGenTopPHelp, WGenN, WGenNoSuchModel, WGenIntro, WGenLoadFailed, WGenEmptyPrompt, WGenPromptCut, WGenStep, WGenContinue, WGenStop, WGenReset, WGenCounts, WGenFull, WGenNextHeading,
  WGenGenerated,
  ModelDropButton, ModelDropHelp, ModelDropOk, ModelDropFailed, ModelDropVocab,
  WXText, WXTextHelp, WXLayer, WXHead, WXHeadHelp, WXHeadMean, WXHeadN, WXStep, WXStepHelp, WXStepOf, WXView,
  WXViewCross, WXViewSelf, WXIntro, WXLoadFailed, WXBadInput, WXClamped, WXInput, WXOutput, WXCrossCaption,
  WXSelfCaption, WXResult,
  WPosT, WPosTHelp, WPosD, WPosDHelp, WPosBase, WPosBaseHelp, WPosI, WPosIHelp, WPosPairs, WPosPairsHelp,
  WPosPair, WPosPairHelp, WPosM, WPosN, WPosShift, WPosShiftHelp, WPosSeed, WPosIClamped, WPosPairClamped,
  WPosHeatHeading, WPosHeatNote, WPosWavelengths, WPosSimHeading, WPosSimSeries, WPosSimX, WPosSimY,
  WPosSimToeplitz, WPosRopeHeading, WPosRopeFreq, WPosCircle, WPosRopeAngles, WPosRopeDots, WPosRopeUnrotated,
  WPosPairsTooMany, WPosColPair, WPosColFreq, WPosColAt, WPosLegendQ, WPosLegendK, WPosCircleHelp,
  WBpeSample, WBpeSampleEnglish, WBpeSampleChinese, WBpeSampleEmoji, WBpeSampleCode, WBpeSampleCustom,
  WBpeText, WBpeTextHelp, WBpeMerges, WBpeMergesHelp, WBpeStep, WBpeStepHelp, WBpePre, WBpePreGpt2,
  WBpePreNone, WBpePreHelp, WBpeInput, WBpeInputHelp, WBpeView, WBpeViewTrain, WBpeViewEncode, WBpeViewGpt2,
  WBpeTextCut, WBpeTraining, WBpeSummary, WBpeStopVocab, WBpeStopMinCount, WBpeStepLine, WBpePairsHeading,
  WBpePairsNone, WBpeColPair, WBpeColIds, WBpeColCount, WBpeMergesHeading, WBpeColStep, WBpeColNew,
  WBpeColTokens, WBpeRatioHeading, WBpeRatioX, WBpeRatioY, WBpeRatioAt, WBpeSegmentedHeading,
  WBpeVocabHeading, WBpeVocabEmpty, WBpeEncodeLine, WBpeEncodeGpt2, WBpeEncodeHint, WBpeGpt2Loading,
  WBpeGpt2Unavailable, WBpeGpt2Line, WBpeColToken, WBpeColId, WBpeColBytes, WBpeColShown, WBpeColChars,
  WBpeWholeChars, WBpeCompletes, WBpePartOf, WBpeGlyphNote, WBpeEmptyText, WBpeSpelledOut,
  WGqaPreset, WGqaPresetHelp, WGqaPresetGpt2, WGqaPresetGpt2Medium, WGqaPresetGpt2Large, WGqaPresetGpt2Xl,
  WGqaPresetLlama2_7b, WGqaPresetLlama2_70b, WGqaPresetLlama3_8b, WGqaPresetMistral7b, WGqaPresetRef1b, WGqaCustom,
  WGqaPublishedNote, WGqaEditedNote, WGqaFields, WGqaArch, WGqaArchHelp, WGqaArchGpt2, WGqaArchLlama, WGqaVocab,
  WGqaD, WGqaLayers, WGqaHeads, WGqaHeadsHelp, WGqaFf, WGqaFfHelp, WGqaMaxLen, WGqaMaxLenHelp, WGqaTied,
  WGqaVariant, WGqaVariantHelp, WGqaMha, WGqaGqa, WGqaMqa, WGqaKv, WGqaKvHelp, WGqaDtype, WGqaDtypeHelp, WGqaFp32,
  WGqaFp16, WGqaBf16, WGqaInt8, WGqaCtx, WGqaCtxHelp, WGqaBatch, WGqaNotMultiple, WGqaBadKv, WGqaShapeLine,
  WGqaParamsLine, WGqaParamsSplit, WGqaBeyondMax, WGqaSlidingNote, WGqaColVariant, WGqaColKvHeads, WGqaColParams,
  WGqaColKvToken, WGqaColKvTotal, WGqaColFlops, WGqaFlopsSplit, WGqaSeries, WGqaChartTitle, WGqaChartX, WGqaChartY,
  UiCellRowCol, WLabCellScore, WLabCellScaled, WLabCellMasked, WLabCellWeight, WLabCellQkv, WLabCellOut,
  UrlValueCut, CopyByHand,
  WGwModel, WGwModelHelp, WGwPrompt, WGwPromptHelp, WGwStage, WGwStageHelp, WGwT, WGwTHelp, WGwSeed, WGwIntro,
  WGwRandom, WGwRandomNote, WGwRandomFallback, WGwNoSuchModel, WGwLoadFailed, WGwEmptyPrompt, WGwPromptCut,
  WGwStageClamped, WGwBack, WGwForward, WGwStageOf, WGwStages, WGwSIds, WGwSWte, WGwSWpe, WGwSEmbed, WGwSLn1,
  WGwSAttn, WGwSRes1, WGwSLn2, WGwSMlp, WGwSRes2, WGwSLnF, WGwSLogits, WGwSProbs, WGwSToken, WGwDIds, WGwDWte,
  WGwDWpe, WGwDEmbed, WGwDLn1, WGwDAttn, WGwDRes1, WGwDLn2, WGwDMlp, WGwDRes2, WGwDLnF, WGwDLogits, WGwDProbs,
  WGwDToken, WGwShape, WGwHeads, WGwHeadN, WGwPyCode, WGwCppCode, WGwResidHeading, WGwResidX, WGwResidY, WGwResidNow,
  WGwLensHeading, WGwLensHint, WGwLensEmbed, WGwLensBlock, WGwLensLayer, WGwNext, WGwGreedy, WGwSampled,
  WGwFinalHeading, WGwPos, WGwPosHelp, WGwPosClamped,
  Count
};

const char* tr(S id);
// tr() with "{0}", "{1}", ... replaced by args (translations may reorder them).
std::string trf(S id, std::initializer_list<std::string> args);
void set_language(Lang l);
Lang language();
const char* language_name(Lang l);  // in its own language, for the menu

}  // namespace tmx
