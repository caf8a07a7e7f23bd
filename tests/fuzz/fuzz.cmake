# libFuzzer build (cmake -DLNC_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang): the torch-free parser
# sources in their own static library, instrumented with fuzzer-no-link + ASan + UBSan, and one executable per
# tests/fuzz/*_fuzz.cpp. Included by CMakeLists.txt before find_package(Torch), so this build never needs libtorch.
# Why these folders: base/, config/, data/ and results/store/ hold every parser and include no torch header
# (checked by the grep below at configure time); launcher/, trainer/ and cluster/ do.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "LNC_FUZZ needs clang++ (libFuzzer): -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang")
endif()

find_package(HDF5 REQUIRED COMPONENTS C)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HTSLIB REQUIRED IMPORTED_TARGET htslib)
find_package(tomlplusplus REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)

file(GLOB_RECURSE LNC_FUZZ_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/base/*.cpp ${CMAKE_SOURCE_DIR}/config/*.cpp ${CMAKE_SOURCE_DIR}/data/*.cpp
  ${CMAKE_SOURCE_DIR}/results/store/*.cpp)
# The torch-free readers of trainer/ (safetensors bytes, config.json). Left out because they pull torch:
# trainer/checkpoint/pytorch_bin.cpp, safetensors_torch.cpp and trainer/models/model_directory.cpp.
list(APPEND LNC_FUZZ_SOURCES ${CMAKE_SOURCE_DIR}/trainer/checkpoint/safetensors.cpp
  ${CMAKE_SOURCE_DIR}/trainer/checkpoint/state_dict_pickle.cpp ${CMAKE_SOURCE_DIR}/trainer/checkpoint/pickle_reader.cpp
  ${CMAKE_SOURCE_DIR}/trainer/checkpoint/torch_save_legacy.cpp ${CMAKE_SOURCE_DIR}/trainer/checkpoint/training_progress.cpp
  ${CMAKE_SOURCE_DIR}/trainer/models/hf_config.cpp)
foreach(source ${LNC_FUZZ_SOURCES})
  file(STRINGS ${source} torch_includes REGEX "#include <(torch|ATen|c10)/")
  if(torch_includes)
    message(FATAL_ERROR "${source} includes torch; it cannot be in the fuzz library")
  endif()
endforeach()

set(LNC_FUZZ_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1)
add_library(lnc_parsers STATIC ${LNC_FUZZ_SOURCES})
target_include_directories(lnc_parsers PUBLIC ${CMAKE_SOURCE_DIR})
target_compile_options(lnc_parsers PUBLIC ${LNC_FUZZ_FLAGS} PRIVATE -fsanitize=fuzzer-no-link)
target_link_options(lnc_parsers PUBLIC -fsanitize=address,undefined)
target_link_libraries(lnc_parsers PUBLIC hdf5::hdf5 PkgConfig::HTSLIB tomlplusplus::tomlplusplus SQLite::SQLite3
  nlohmann_json::nlohmann_json OpenSSL::Crypto ZLIB::ZLIB Threads::Threads)
target_compile_definitions(lnc_parsers PUBLIC LNC_SOURCE_DIR="${CMAKE_SOURCE_DIR}")

file(GLOB LNC_FUZZ_TARGETS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/*_fuzz.cpp)
list(REMOVE_ITEM LNC_FUZZ_TARGETS ${CMAKE_SOURCE_DIR}/tests/fuzz/pytorch_bin_fuzz.cpp)
foreach(target_source ${LNC_FUZZ_TARGETS})
  get_filename_component(target_name ${target_source} NAME_WE)
  add_executable(${target_name} ${target_source})
  target_compile_options(${target_name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${target_name} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${target_name} PRIVATE lnc_parsers)
endforeach()

# pytorch_model.bin's zip is read by LibTorch's zip reader, so this one target links libtorch when
# CMAKE_PREFIX_PATH finds it (run_fuzzers.sh passes the PyPI torch prefix). libtorch is not instrumented: libFuzzer
# gets coverage only from lnctrain's side of the loader; ASan still sees libtorch's memory calls and every crash.
find_package(Torch QUIET)
if(TORCH_FOUND)
  add_executable(pytorch_bin_fuzz ${CMAKE_SOURCE_DIR}/tests/fuzz/pytorch_bin_fuzz.cpp
    ${CMAKE_SOURCE_DIR}/trainer/checkpoint/pytorch_bin.cpp)
  target_compile_options(pytorch_bin_fuzz PRIVATE -fsanitize=fuzzer)
  target_link_options(pytorch_bin_fuzz PRIVATE -fsanitize=fuzzer)
  target_link_libraries(pytorch_bin_fuzz PRIVATE lnc_parsers ${TORCH_LIBRARIES})
else()
  message(STATUS "libtorch not found: pytorch_bin_fuzz is not built (pass CMAKE_PREFIX_PATH=<torch cmake prefix>)")
endif()
